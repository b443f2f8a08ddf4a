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
