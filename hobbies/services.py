"""State changes of hobbies and sessions. Views, the API and commands call these."""

import logging

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from .models import Hobby, HobbyEvent

logger = logging.getLogger(__name__)


def next_event_subquery(now):
    """Return a subquery for the id of a hobby's earliest session that has not ended."""
    return Subquery(
        HobbyEvent.objects.filter(hobby=OuterRef("pk"), is_cancelled=False, end_at__gt=now)
        .order_by("start_at", "id")
        .values("id")[:1]
    )


def refresh_next_event(hobby, *, now=None):
    """Point `hobby.next_event` at its earliest session that has not ended, or None.

    "Not ended" compares the session's end time (not its date) with now, so a session that
    ends at 19:00 stops being next at 19:00.
    """
    now = now or timezone.now()
    next_id = (
        HobbyEvent.objects.filter(hobby_id=hobby.pk, is_cancelled=False, end_at__gt=now)
        .order_by("start_at", "id")
        .values_list("id", flat=True)
        .first()
    )
    if hobby.next_event_id != next_id:
        Hobby.objects.filter(pk=hobby.pk).update(next_event_id=next_id)
        hobby.next_event_id = next_id
    return next_id


def refresh_next_events(hobby_ids, *, now=None):
    """Refresh the next session of many hobbies with one UPDATE."""
    now = now or timezone.now()
    return Hobby.objects.filter(pk__in=list(hobby_ids)).update(next_event=next_event_subquery(now))


def refresh_stale_next_events(*, now=None):
    """Move the next session forward for hobbies whose next session has ended.

    Cheap when nothing is stale (an indexed range scan), so list views may call it before
    they read; the `refresh_next_events` command also runs it periodically.
    """
    now = now or timezone.now()
    stale = Hobby.objects.filter(next_event__end_at__lte=now)
    # Hobbies without a next session gain one only through a write, which refreshes them.
    updated = stale.update(next_event=next_event_subquery(now))
    if updated:
        logger.info("Moved the next session forward for %s hobbies", updated)
    return updated


@transaction.atomic
def cancel_session(event, *, cancelled=True):
    """Mark a session cancelled (it shows as cancelled, never as upcoming) or restore it."""
    if event.is_cancelled != cancelled:
        event.is_cancelled = cancelled
        event.save(update_fields=["is_cancelled", "updated_at"])
    refresh_next_event(event.hobby)
    return event


@transaction.atomic
def delete_session(event):
    hobby = event.hobby
    event.delete()
    refresh_next_event(hobby)


def hobbies_with_upcoming_sessions(queryset=None, *, now=None):
    now = now or timezone.now()
    queryset = queryset if queryset is not None else Hobby.objects.all()
    upcoming = HobbyEvent.objects.filter(hobby=OuterRef("pk"), is_cancelled=False, end_at__gt=now)
    return queryset.filter(Exists(upcoming))


def publish_hobby(hobby, *, status=Hobby.Status.PUBLISHED):
    Hobby.objects.filter(pk=hobby.pk).update(status=status, updated_at=timezone.now())
    hobby.status = status
    return hobby


def overlaps_age(min_age, max_age, audience_min, audience_max):
    """Return True when the range [min_age, max_age] overlaps [audience_min, audience_max].

    A missing bound is open: a record with no age data overlaps every audience.
    """
    if min_age is not None and min_age > audience_max:
        return False
    if max_age is not None and max_age < audience_min:
        return False
    return True


def age_overlap_q(age_from, age_to, *, prefix=""):
    """Return a Q for hobbies whose age range overlaps [age_from, age_to]; open bounds match."""
    return (Q(**{f"{prefix}min_age__isnull": True}) | Q(**{f"{prefix}min_age__lte": age_to})) & (
        Q(**{f"{prefix}max_age__isnull": True}) | Q(**{f"{prefix}max_age__gte": age_from})
    )
