"""Builders of valid domain objects for tests, with keyword overrides.

Plain functions rather than a factory library: each returns a saved object whose every
field a test does not name has a realistic, valid value.
"""

import datetime as dt
import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model

_sequence = itertools.count(1)


def make_municipality(**fields):
    from places.models import Municipality

    number = next(_sequence)
    values = {
        "code": f"{(900 + number) % 1000:03d}",
        "name_fi": f"Testikunta {number}",
        "name_sv": f"Testkommun {number}",
        "centre_latitude": 60.1699,
        "centre_longitude": 24.9384,
    }
    values.update(fields)
    return Municipality.objects.create(**values)


def make_provider(**fields):
    from providers.models import Provider

    values = {"name_fi": f"Testiseura {next(_sequence)} ry", "kind": Provider.Kind.ASSOCIATION}
    values.update(fields)
    return Provider.objects.create(**values)


def make_location(**fields):
    from places.models import Location

    values = {
        "name_fi": f"Liikuntahalli {next(_sequence)}",
        "street_address_fi": "Urheilutie 1",
        "postal_code": "00100",
        "city_fi": "Helsinki",
        "latitude": 60.1699,
        "longitude": 24.9384,
    }
    values.update(fields)
    return Location.objects.create(**values)


def make_category(name_fi, parent=None, **fields):
    from hobbies.models import HobbyCategory

    values = {"name_fi": name_fi, "name_sv": fields.pop("name_sv", name_fi), "name_en": fields.pop("name_en", name_fi)}
    values.update(fields)
    return HobbyCategory.objects.create(parent=parent, **values)


def make_category_tree():
    """Create a small tree and return its nodes by English name.

    Sports > Ball games > Football; Sports > Martial arts; Arts > Music.
    """
    from hobbies.categories import rebuild_category_tree

    sports = make_category("Urheilu ja liikunta", name_sv="Idrott och motion", name_en="Sports")
    ball_games = make_category("Pallopelit", sports, name_sv="Bollspel", name_en="Ball games")
    football = make_category("Jalkapallo", ball_games, name_sv="Fotboll", name_en="Football", yso_id="p6409")
    martial_arts = make_category("Kamppailulajit", sports, name_sv="Kampsporter", name_en="Martial arts")
    arts = make_category("Taiteet", name_sv="Konst", name_en="Arts")
    music = make_category("Musiikki", arts, name_sv="Musik", name_en="Music")
    rebuild_category_tree()
    nodes = {
        "Sports": sports,
        "Ball games": ball_games,
        "Football": football,
        "Martial arts": martial_arts,
        "Arts": arts,
        "Music": music,
    }
    for node in nodes.values():
        node.refresh_from_db()
    return nodes


def make_hobby(**fields):
    from hobbies.models import Hobby

    categories = fields.pop("categories", [])
    languages = fields.pop("languages", [])
    values = {
        "name_fi": f"Jalkapallokerho {next(_sequence)}",
        "description_fi": "Tule pelaamaan jalkapalloa!",
        "status": Hobby.Status.PUBLISHED,
        "price_type": Hobby.PriceType.FREE,
        "price_amount": Decimal("0"),
        "min_age": 12,
        "max_age": 16,
    }
    values.update(fields)
    hobby = Hobby.objects.create(**values)
    if categories:
        hobby.categories.set(categories)
    if languages:
        from hobbies.models import Language

        hobby.languages.set([Language.objects.get_or_create(code=code)[0] for code in languages])
    return hobby


def make_session(hobby, start, duration=dt.timedelta(hours=1, minutes=30), **fields):
    """Create a session starting at `start` (aware datetime) and refresh the hobby's next session."""
    from hobbies.models import HobbyEvent
    from hobbies.services import refresh_next_event

    event = HobbyEvent.objects.create(hobby=hobby, start_at=start, end_at=start + duration, **fields)
    refresh_next_event(hobby)
    return event


def make_user(username=None, **fields):
    username = username or f"user{next(_sequence)}"
    password = fields.pop("password", "correct horse battery staple")
    user = get_user_model().objects.create_user(
        username=username, email=fields.pop("email", f"{username}@example.org"), password=password, **fields
    )
    return user


def make_member(provider, role="editor", **fields):
    from providers.models import ProviderMembership

    user = make_user(**fields)
    ProviderMembership.objects.create(user=user, provider=provider, role=role)
    return user


def make_moderator(municipality, **fields):
    from accounts.models import MunicipalModerator

    user = make_user(**fields)
    MunicipalModerator.objects.create(user=user, municipality=municipality)
    return user


def make_promotion(provider, location, **fields):
    from django.utils import timezone

    from promotions.models import Promotion

    now = timezone.now()
    values = {
        "name_fi": f"Kokeilukerta {next(_sequence)}",
        "description_fi": "Tule kokeilemaan ilmaiseksi.",
        "kind": Promotion.Kind.TRIAL_SESSION,
        "valid_from": now - dt.timedelta(days=1),
        "valid_until": now + dt.timedelta(days=30),
        "total_quantity": 10,
        "municipality": provider.municipality,
    }
    values.update(fields)
    return Promotion.objects.create(provider=provider, location=location, **values)


def run_in_parallel(calls, *, expected_errors=()):
    """Run the callables at the same moment, each in its own thread, as requests in separate
    server processes would run. Return each one's result, or the error it raised when that
    error is one of `expected_errors`.

    Each thread closes its own database connection at the end, so none is left open.
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(timeout=60)
        try:
            return call()
        except expected_errors as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))
