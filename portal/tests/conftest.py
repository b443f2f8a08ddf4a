"""Fixtures of the portal tests: two municipalities, two providers and a user per role.

Roles:
- anonymous, and no_role: an account without membership or moderation;
- editor and admin of the world's provider;
- other_admin: admin of a provider in another municipality;
- moderator of the world's municipality, and other_moderator of the other one;
- administrator: a national administrator.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation

from core import testing
from hobbies.models import WeeklySchedule
from hobbies.services import save_schedule
from providers.models import Invitation, ProviderMembership

ROLES = ("anonymous", "no_role", "editor", "admin", "other_admin", "moderator", "other_moderator", "administrator")
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def empty_cache():
    """django-axes counts failed sign-ins in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """LocaleMiddleware leaves the language of a test's last request active in the thread,
    and tests that follow in the same worker expect Finnish, the default."""
    yield
    translation.deactivate()


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def editor_client(world, category_tree):
    """A client signed in as the editor of the world's provider, with categories to choose from."""
    return client_for(world.users["editor"])


@pytest.fixture
def world(db):
    municipality = testing.make_municipality(name_fi="Espoo", name_sv="Esbo")
    other_municipality = testing.make_municipality(name_fi="Vantaa", name_sv="Vanda")
    provider = testing.make_provider(municipality=municipality, name_fi="Espoon Judoseura ry")
    other_provider = testing.make_provider(municipality=other_municipality, name_fi="Vantaan Shakkikerho ry")
    location = testing.make_location(municipality=municipality, provider=provider, name_fi="Judosali Tapiola")
    other_location = testing.make_location(
        municipality=other_municipality, provider=other_provider, name_fi="Shakkitalo Tikkurila"
    )
    hobby = testing.make_hobby(
        provider=provider, location=location, municipality=municipality, name_fi="Judon alkeet Tapiolassa"
    )
    other_hobby = testing.make_hobby(
        provider=other_provider, location=other_location, municipality=other_municipality, name_fi="Shakkikerho Tikkurilassa"
    )
    today = timezone.localdate()
    schedule = WeeklySchedule(
        hobby=hobby,
        weekdays=[today.isoweekday()],
        start_time=dt.time(17, 0),
        end_time=dt.time(18, 30),
        first_date=today + dt.timedelta(days=1),
        last_date=today + dt.timedelta(days=60),
    )
    save_schedule(schedule)
    session = hobby.events.order_by("start_at").first()
    promotion = testing.make_promotion(provider, location)
    other_promotion = testing.make_promotion(other_provider, other_location, name_fi="Shakkikokeilu")
    users = {
        "anonymous": None,
        "no_role": testing.make_user(),
        "editor": testing.make_member(provider, role="editor"),
        "admin": testing.make_member(provider, role="admin"),
        "other_admin": testing.make_member(other_provider, role="admin"),
        "moderator": testing.make_moderator(municipality),
        "other_moderator": testing.make_moderator(other_municipality),
        "administrator": testing.make_user(is_national_admin=True),
    }
    editor_membership = ProviderMembership.objects.get(user=users["editor"], provider=provider)
    invitation = Invitation.objects.create(
        provider=provider,
        email="new.member@example.org",
        token_hash="0" * 64,
        expires_at=timezone.now() + dt.timedelta(days=14),
    )
    return SimpleNamespace(
        municipality=municipality,
        other_municipality=other_municipality,
        provider=provider,
        other_provider=other_provider,
        location=location,
        other_location=other_location,
        hobby=hobby,
        other_hobby=other_hobby,
        schedule=schedule,
        session=session,
        promotion=promotion,
        other_promotion=other_promotion,
        users=users,
        editor_membership=editor_membership,
        invitation=invitation,
    )


@pytest.fixture
def shared_places(world):
    """Two LIPAS sports places that no provider maintains: one in the world's municipality and
    one in the other municipality."""
    near = testing.make_location(
        municipality=world.municipality, name_fi="Tapiolan urheiluhalli", data_source="lipas", origin_id="501"
    )
    far = testing.make_location(
        municipality=world.other_municipality, name_fi="Tikkurilan urheilutalo", data_source="lipas", origin_id="502"
    )
    return near, far
