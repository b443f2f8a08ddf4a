"""Fixtures of the youth app tests: a small catalogue with known places, days and times."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from core import testing
from hobbies.search import index_hobbies
from hobbies.timeutils import local_datetime, local_today

# Helsinki railway station and Tapiola, Espoo: about 9.6 km apart.
HELSINKI_CENTRE = (60.171, 24.941)
TAPIOLA = (60.175, 24.805)


def next_weekday(weekday, after=None):
    """Return the first date after `after` (default today) that is ISO weekday `weekday`."""
    day = (after or local_today()) + dt.timedelta(days=1)
    while day.isoweekday() != weekday:
        day += dt.timedelta(days=1)
    return day


def session_at(hobby, weekday, hour, minute=0, **fields):
    start = local_datetime(next_weekday(weekday), dt.time(hour, minute))
    return testing.make_session(hobby, start, **fields)


@pytest.fixture(autouse=True)
def empty_cache():
    """The category picker caches its category ids, which must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue(category_tree, provider):
    centre = testing.make_location(name_fi="Keskustan liikuntahalli", latitude=HELSINKI_CENTRE[0], longitude=HELSINKI_CENTRE[1])
    tapiola = testing.make_location(name_fi="Tapiolan urheilupuisto", city_fi="Espoo", latitude=TAPIOLA[0], longitude=TAPIOLA[1])
    football = testing.make_hobby(
        name_fi="Jalkapallokerho Pallo", name_sv="Fotbollsklubben Bollen", name_en="Football club Ball",
        provider=provider, location=centre, categories=[category_tree["Football"]], min_age=12, max_age=14,
    )
    karate = testing.make_hobby(
        name_fi="Karatekoulu", description_fi="Kamppailulaji kaikille", location=tapiola,
        categories=[category_tree["Martial arts"]], price_type="paid", price_amount="25.00", min_age=13, max_age=16,
    )
    band = testing.make_hobby(name_fi="Bändikoulu", categories=[category_tree["Music"]], location=tapiola)
    draft = testing.make_hobby(name_fi="Luonnoskerho", status="draft", categories=[category_tree["Football"]])
    session_at(football, 2, 17, 30)  # Tuesday 17:30
    session_at(karate, 4, 18, 0)  # Thursday 18:00
    session_at(band, 2, 15, 0)  # Tuesday 15:00
    index_hobbies([football.pk, karate.pk, band.pk, draft.pk])
    return {"football": football, "karate": karate, "band": band, "draft": draft}


@pytest.fixture(autouse=True)
def finnish_by_default():
    """A request leaves its language active in the test's thread; start each test in Finnish."""
    translation.activate("fi")
    yield
    translation.activate("fi")


def url(name, *args, language="fi"):
    """Return the path of a youth page in `language`, with its language prefix."""
    with translation.override(language):
        return reverse(name, args=args)
