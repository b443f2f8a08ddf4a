"""hobbies.queries: the same pages whichever way search results are ranked."""

import datetime as dt

import pytest
from django.utils import timezone

from core import testing
from hobbies.models import HobbyEvent
from hobbies.queries import (
    HobbyFilters,
    Ordering,
    SessionFilters,
    hobby_page,
    session_page,
    visible_hobbies,
)
from hobbies.search import index_hobbies
from places.queries import Point

# 0 ranks every search in SQL; the default ranks small result sets in Python.
CANDIDATE_LIMITS = [0, 10_000]


@pytest.fixture
def catalogue(db):
    names = [
        ("Jalkapallokerho", "Pelataan jalkapalloa."),
        ("Jalkapallokoulu", "Harjoitellaan."),
        ("Liikuntakerho", "Välillä jalkapalloa ja sählyä."),
        ("Sählykerho", "Pelataan sählyä."),
        ("Jalkapalloleiri", "Kesällä jalkapalloa."),
    ]
    hobbies = []
    for number, (name, description) in enumerate(names):
        location = testing.make_location(latitude=60.1 + number / 10, longitude=24.9)
        hobby = testing.make_hobby(name_fi=name, description_fi=description, location=location)
        testing.make_session(hobby, timezone.now() + dt.timedelta(days=5 - number))
        hobbies.append(hobby)
    index_hobbies([hobby.pk for hobby in hobbies])
    return hobbies


def all_pages(function, filters, size, **options):
    ids, offset = [], 0
    while True:
        page = function(visible_hobbies(None), filters, offset=offset, limit=size, **options)
        ids += page.ids
        offset += size
        if offset >= page.count:
            return ids, page.count


@pytest.mark.parametrize("ordering", [Ordering.DEFAULT, Ordering.NEAREST])
@pytest.mark.parametrize("size", [1, 2, 10])
def test_hobby_search_pages_same_either_way(catalogue, ordering, size):
    filters = HobbyFilters(search="jalkapallo")
    near = Point(60.1, 24.9) if ordering == Ordering.NEAREST else None

    results = [
        all_pages(hobby_page, filters, size, ordering=ordering, near=near, search_candidate_limit=limit)
        for limit in CANDIDATE_LIMITS
    ]

    assert results[0] == results[1]
    assert results[0][1] == 4


@pytest.mark.parametrize("ordering", [Ordering.DEFAULT, Ordering.START, Ordering.NEAREST])
@pytest.mark.parametrize("size", [1, 3, 10])
def test_session_search_pages_same_either_way(catalogue, ordering, size):
    filters = HobbyFilters(search="jalkapallo" if size == 1 else "jalkapallo sählyä")
    near = Point(60.1, 24.9) if ordering == Ordering.NEAREST else None

    results = [
        all_pages(session_page, filters, size, ordering=ordering, near=near, search_candidate_limit=limit)
        for limit in CANDIDATE_LIMITS
    ]

    assert results[0] == results[1]
    assert len(results[0][0]) == results[0][1]


def test_default_search_order_is_rank_then_start(catalogue):
    club, school, sports, _floorball, camp = catalogue

    for limit in CANDIDATE_LIMITS:
        page = session_page(
            visible_hobbies(None), HobbyFilters(search="jalkapallo"), offset=0, limit=10, search_candidate_limit=limit
        )
        # Three names match (rank 3) and one description (rank 1); equal ranks go by start.
        assert page.ids == [camp.next_event_id, school.next_event_id, club.next_event_id, sports.next_event_id]


@pytest.mark.parametrize("limit", CANDIDATE_LIMITS)
def test_equal_ranks_order_by_start(db, limit):
    # Start order differs from id order in both directions, so ordering by id (or by a
    # constant that the database reads as a column number) cannot pass.
    sessions = []
    for days_ahead in (3, 1, 2):
        hobby = testing.make_hobby(name_fi="Jalkapallokerho")
        sessions.append(testing.make_session(hobby, timezone.now() + dt.timedelta(days=days_ahead)))
        index_hobbies([hobby.pk])
    later, first, second = sessions

    page = session_page(
        visible_hobbies(None), HobbyFilters(search="jalkapallo"), offset=0, limit=10, search_candidate_limit=limit
    )

    assert page.ids == [first.pk, second.pk, later.pk]
    assert page.count == 3


@pytest.mark.parametrize("limit", CANDIDATE_LIMITS)
def test_page_past_end_keeps_count(catalogue, limit):
    filters = HobbyFilters(search="jalkapallo")

    page = session_page(visible_hobbies(None), filters, offset=10, limit=10, search_candidate_limit=limit)

    assert page.ids == []
    assert page.count == 4


def test_weekday_filter_with_search(catalogue):
    filters = HobbyFilters(search="jalkapallo", sessions=SessionFilters(weekdays=tuple(range(1, 8))))

    pages = [
        session_page(visible_hobbies(None), filters, offset=0, limit=10, search_candidate_limit=limit).ids
        for limit in CANDIDATE_LIMITS
    ]

    assert pages[0] == pages[1]
    assert len(pages[0]) == 4


def test_next_session_times_follow_changes(db):
    from hobbies.models import Hobby
    from hobbies.services import refresh_next_events, refresh_stale_next_events, save_session

    hobby = testing.make_hobby()
    first = testing.make_session(hobby, timezone.now() + dt.timedelta(days=1))
    second = testing.make_session(hobby, timezone.now() + dt.timedelta(days=8))
    stored = Hobby.objects.get(pk=hobby.pk)
    assert (stored.next_event_id, stored.next_event_start_at, stored.next_event_end_at) == (
        first.pk, first.start_at, first.end_at
    )

    first.start_at += dt.timedelta(hours=1)
    first.end_at += dt.timedelta(hours=1)
    save_session(first)
    assert Hobby.objects.get(pk=hobby.pk).next_event_start_at == first.start_at

    later = first.end_at + dt.timedelta(minutes=1)
    assert refresh_stale_next_events(now=later) == 1
    stored = Hobby.objects.get(pk=hobby.pk)
    assert (stored.next_event_id, stored.next_event_end_at) == (second.pk, second.end_at)

    refresh_next_events([hobby.pk], now=second.end_at)
    stored = Hobby.objects.get(pk=hobby.pk)
    assert (stored.next_event_id, stored.next_event_start_at, stored.next_event_end_at) == (None, None, None)


def test_upcoming_weekdays_bits_follow_sessions(db):
    from hobbies.models import Hobby
    from hobbies.services import cancel_session, refresh_next_events, weekday_mask
    from hobbies.timeutils import local_datetime, local_today

    hobby = testing.make_hobby()
    day = local_today() + dt.timedelta(days=1)
    while day.isoweekday() != 2:
        day += dt.timedelta(days=1)
    tuesday = testing.make_session(hobby, local_datetime(day, dt.time(17)))
    testing.make_session(hobby, local_datetime(day + dt.timedelta(days=2), dt.time(17)))
    assert Hobby.objects.get(pk=hobby.pk).upcoming_weekdays == weekday_mask([2, 4])

    cancel_session(tuesday)
    assert Hobby.objects.get(pk=hobby.pk).upcoming_weekdays == weekday_mask([4])

    Hobby.objects.filter(pk=hobby.pk).update(upcoming_weekdays=0)
    refresh_next_events([hobby.pk])
    assert Hobby.objects.get(pk=hobby.pk).upcoming_weekdays == weekday_mask([4])


@pytest.mark.parametrize("limit", CANDIDATE_LIMITS)
def test_hobby_start_order_puts_sessionless_last(catalogue, limit):
    sessionless = testing.make_hobby(name_fi="Jalkapallo ilman kertoja")
    index_hobbies([sessionless.pk])

    for filters in (HobbyFilters(), HobbyFilters(search="jalkapallo")):
        ids, count = all_pages(
            hobby_page, filters, 2, ordering=Ordering.START, search_candidate_limit=limit
        )
        expected = [
            hobby.pk
            for hobby in sorted(catalogue, key=lambda hobby: hobby.next_event_start_at)
            if not filters.search or "jalkapallo" in (hobby.name_fi + hobby.description_fi).lower()
        ]
        assert ids == expected + [sessionless.pk]
        assert count == len(expected) + 1


@pytest.mark.parametrize("ordering", [Ordering.START, Ordering.DEFAULT, Ordering.NEAREST])
def test_distance_filter_works_with_every_ordering(catalogue, ordering):
    # The catalogue's locations lie 0.1° of latitude (about 11.1 km) apart from 60.1, 24.9.
    without_point = testing.make_hobby(location=testing.make_location(latitude=None, longitude=None))
    near = Point(60.1, 24.9)
    filters = HobbyFilters(near=near, max_distance_m=15_000)

    ids, count = all_pages(hobby_page, filters, 10, ordering=ordering, near=near)

    assert sorted(ids) == sorted([catalogue[0].pk, catalogue[1].pk])
    assert count == 2
    assert without_point.pk not in ids


def test_distance_filter_applies_to_sessions(catalogue):
    near = Point(60.1, 24.9)
    filters = HobbyFilters(near=near, max_distance_m=15_000)

    page = session_page(visible_hobbies(None), filters, offset=0, limit=10, ordering=Ordering.START)

    assert page.count == 2
    assert {event.hobby_id for event in HobbyEvent.objects.filter(pk__in=page.ids)} == {
        catalogue[0].pk,
        catalogue[1].pk,
    }
