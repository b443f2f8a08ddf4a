"""Writes that read a hobby or session before another request deleted it.

A save of such a stale object must not insert the row again (Django's save() inserts when
its UPDATE finds no row), and a new session must not be added to a deleted hobby.
"""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditLogEntry
from core import testing
from hobbies.models import Hobby, HobbyEvent
from hobbies.services import (
    cancel_session,
    create_sessions,
    delete_hobby,
    delete_session,
    save_hobby,
    save_session,
    set_hobby_status,
)


@pytest.fixture
def hobby(db):
    hobby = testing.make_hobby()
    testing.make_session(hobby, timezone.now() + dt.timedelta(days=2))
    return hobby


def test_saving_deleted_hobby_raises(hobby):
    stale = Hobby.objects.get(pk=hobby.pk)
    delete_hobby(Hobby.objects.get(pk=hobby.pk))

    stale.name_fi = "Muutettu"
    with pytest.raises(Hobby.DoesNotExist):
        save_hobby(stale)

    assert not Hobby.objects.filter(pk=hobby.pk).exists()


def test_sessions_for_deleted_hobby_raise(hobby):
    stale = Hobby.objects.get(pk=hobby.pk)
    delete_hobby(Hobby.objects.get(pk=hobby.pk))
    start = timezone.now() + dt.timedelta(days=3)

    with pytest.raises(Hobby.DoesNotExist):
        create_sessions(stale, start, start + dt.timedelta(hours=1), weekly_repeats=2)

    assert not HobbyEvent.objects.filter(hobby_id=hobby.pk).exists()


def test_saving_deleted_session_raises(hobby):
    session = HobbyEvent.objects.get(hobby=hobby)
    stale = HobbyEvent.objects.get(pk=session.pk)
    delete_session(session)

    stale.end_at += dt.timedelta(minutes=30)
    with pytest.raises(HobbyEvent.DoesNotExist):
        save_session(stale)

    assert not HobbyEvent.objects.filter(pk=session.pk).exists()


def test_deleting_deleted_hobby_raises(hobby):
    stale = Hobby.objects.get(pk=hobby.pk)
    delete_hobby(Hobby.objects.get(pk=hobby.pk))

    with pytest.raises(Hobby.DoesNotExist):
        delete_hobby(stale)


def test_publishing_deleted_hobby_raises(hobby):
    stale = Hobby.objects.get(pk=hobby.pk)
    delete_hobby(Hobby.objects.get(pk=hobby.pk))

    with pytest.raises(Hobby.DoesNotExist):
        set_hobby_status(stale, Hobby.Status.PUBLISHED)

    assert not Hobby.objects.filter(pk=hobby.pk).exists()


def test_stale_status_change_logged_once(hobby):
    first, second = Hobby.objects.get(pk=hobby.pk), Hobby.objects.get(pk=hobby.pk)

    set_hobby_status(first, Hobby.Status.ARCHIVED)
    set_hobby_status(second, Hobby.Status.ARCHIVED)

    assert Hobby.objects.get(pk=hobby.pk).status == Hobby.Status.ARCHIVED
    assert AuditLogEntry.objects.filter(action="hobby.archived", object_id=str(hobby.pk)).count() == 1


def test_stale_cancellation_logged_once(hobby):
    session = hobby.events.get()
    first, second = HobbyEvent.objects.get(pk=session.pk), HobbyEvent.objects.get(pk=session.pk)

    cancel_session(first)
    cancel_session(second)

    assert HobbyEvent.objects.get(pk=session.pk).is_cancelled
    assert AuditLogEntry.objects.filter(action="session.cancelled").count() == 1


def test_cancelling_deleted_session_raises(hobby):
    session = hobby.events.get()
    stale = HobbyEvent.objects.get(pk=session.pk)
    delete_session(HobbyEvent.objects.get(pk=session.pk))

    with pytest.raises(HobbyEvent.DoesNotExist):
        cancel_session(stale)

    assert not HobbyEvent.objects.filter(pk=session.pk).exists()
