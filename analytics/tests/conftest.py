"""Fixtures of the analytics tests: a clean cache and builders of events in the wire format."""

import datetime as dt

import pytest
from django.core.cache import cache

from core import testing
from hobbies.timeutils import HELSINKI

# A fixed "now" for validation: Wednesday 3 February 2027, 12:00 in Helsinki.
NOW = dt.datetime(2027, 2, 3, 12, 0, tzinfo=HELSINKI)


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters and batch ids live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def helsinki(db):
    return testing.make_municipality(code="091", name_fi="Helsinki", name_sv="Helsingfors")


@pytest.fixture
def espoo(db):
    return testing.make_municipality(code="049", name_fi="Espoo", name_sv="Esbo")


def wire_event(name, moment=NOW, municipality="091", **fields):
    """Return an event as the youth app sends it."""
    event = {"name": name, "time": moment.isoformat(), "municipality": municipality}
    event.update(fields)
    return event


def add_events(day, name, count=1, municipality="091", **columns):
    """Store `count` raw events as ingestion would, bypassing the seven-day age limit."""
    from analytics.models import UsageEvent

    UsageEvent.objects.bulk_create(
        UsageEvent(schema_version=1, name=name, day=day, municipality_code=municipality, **columns)
        for _ in range(count)
    )


@pytest.fixture
def administrator(db):
    return testing.make_user(is_national_admin=True)


@pytest.fixture
def small_counts_data(helsinki, espoo):
    """Last month's events in Helsinki: one hobby viewed 12 times and one viewed 3 times."""
    from analytics.months import Month
    from analytics.rollups import roll_up

    month = Month.current().previous()
    day = month.first_day.replace(day=10)
    popular = testing.make_hobby(name_fi="Suosittu sähly", municipality=helsinki)
    rare = testing.make_hobby(name_fi="Harvinainen harppu", municipality=helsinki)
    add_events(day, "hobby_view", 12, hobby_id=popular.pk)
    add_events(day, "hobby_view", 3, hobby_id=rare.pk)
    add_events(day, "first_open", 7)
    add_events(day, "active_month", 2)
    roll_up(first_day=month.first_day, last_day=month.last_day)
    return month
