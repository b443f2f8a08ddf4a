"""A hobby's next session follows the clock by end time, cancellations and deletions."""

import datetime as dt

import pytest

from core import testing
from hobbies.models import Hobby
from hobbies.services import (
    cancel_session,
    delete_session,
    refresh_next_event,
    refresh_stale_next_events,
)
from hobbies.timeutils import HELSINKI

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return dt.datetime(2027, 5, day, hour, minute, tzinfo=HELSINKI)


def test_next_event_is_earliest_not_ended(hobby):
    later = testing.make_session(hobby, at(12, 17))
    earlier = testing.make_session(hobby, at(10, 17))
    refresh_next_event(hobby, now=at(1, 12))
    assert hobby.next_event_id == earlier.pk
    refresh_next_event(hobby, now=at(10, 18))  # earlier runs 17:00-18:30, so it has not ended
    assert hobby.next_event_id == earlier.pk
    refresh_next_event(hobby, now=at(10, 18, 30))
    assert hobby.next_event_id == later.pk


def test_stale_next_events_move_forward_by_end_time(hobby):
    first = testing.make_session(hobby, at(10, 17))
    second = testing.make_session(hobby, at(17, 17))
    refresh_next_event(hobby, now=at(1, 12))
    assert refresh_stale_next_events(now=at(10, 18, 29)) == 0
    assert Hobby.objects.get(pk=hobby.pk).next_event_id == first.pk
    assert refresh_stale_next_events(now=at(10, 18, 31)) == 1
    assert Hobby.objects.get(pk=hobby.pk).next_event_id == second.pk


def test_cancelled_session_is_never_next(hobby):
    first = testing.make_session(hobby, at(10, 17))
    second = testing.make_session(hobby, at(17, 17))
    refresh_next_event(hobby, now=at(1, 12))
    cancel_session(first)
    hobby.refresh_from_db()
    assert hobby.next_event_id == second.pk
    cancel_session(first, cancelled=False)
    hobby.refresh_from_db()
    assert hobby.next_event_id == first.pk


def test_deleting_next_session_moves_to_following(hobby):
    first = testing.make_session(hobby, at(10, 17))
    second = testing.make_session(hobby, at(17, 17))
    refresh_next_event(hobby, now=at(1, 12))
    delete_session(first)
    hobby.refresh_from_db()
    assert hobby.next_event_id == second.pk
