"""State changes of hobbies and sessions. Views, the API and commands call these."""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Hobby, HobbyEvent

logger = logging.getLogger(__name__)


def next_event_subquery(now, field="id"):
    """Return a subquery for `field` of a hobby's earliest session that has not ended."""
    return Subquery(
        HobbyEvent.objects.filter(hobby=OuterRef("pk"), is_cancelled=False, end_at__gt=now)
        .order_by("start_at", "id")
        .values(field)[:1]
    )


def weekday_bit(weekday):
    return 1 << (weekday - 1)


def weekday_mask(weekdays):
    """Return the Hobby.upcoming_weekdays bits of the given ISO weekdays."""
    mask = 0
    for weekday in set(weekdays):
        mask |= weekday_bit(weekday)
    return mask


def upcoming_weekdays_subquery(now):
    """Return a subquery for the upcoming_weekdays bits of a hobby (see Hobby)."""
    bit = Case(*[When(start_weekday=day, then=Value(weekday_bit(day))) for day in range(1, 8)], default=Value(0))
    sessions = (
        HobbyEvent.objects.filter(hobby=OuterRef("pk"), is_cancelled=False, end_at__gt=now)
        .order_by()
        .values("hobby")
        .annotate(bits=Sum(bit, distinct=True))
        .values("bits")
    )
    return Coalesce(Subquery(sessions), Value(0))


def next_event_updates(now):
    """Return the UPDATE values that point hobbies at their next session, copy its times and
    set the weekdays of their upcoming sessions."""
    return {
        "next_event": next_event_subquery(now),
        "next_event_start_at": next_event_subquery(now, "start_at"),
        "next_event_end_at": next_event_subquery(now, "end_at"),
        "upcoming_weekdays": upcoming_weekdays_subquery(now),
    }


def refresh_next_event(hobby, *, now=None):
    """Point `hobby.next_event` at its earliest session that has not ended, or None.

    "Not ended" compares the session's end time (not its date) with now, so a session that
    ends at 19:00 stops being next at 19:00. The session's start and end are copied too.
    """
    now = now or timezone.now()
    upcoming = HobbyEvent.objects.filter(hobby_id=hobby.pk, is_cancelled=False, end_at__gt=now)
    next_id, start_at, end_at = (
        upcoming.order_by("start_at", "id").values_list("id", "start_at", "end_at").first()
    ) or (None, None, None)
    days = weekday_mask(upcoming.order_by().values_list("start_weekday", flat=True).distinct())
    values = {
        "next_event_id": next_id,
        "next_event_start_at": start_at,
        "next_event_end_at": end_at,
        "upcoming_weekdays": days,
    }
    if any(getattr(hobby, name) != value for name, value in values.items()):
        Hobby.objects.filter(pk=hobby.pk).update(**values)
        for name, value in values.items():
            setattr(hobby, name, value)
    return next_id


def refresh_next_events(hobby_ids, *, now=None):
    """Refresh the next session of many hobbies with one UPDATE."""
    now = now or timezone.now()
    return Hobby.objects.filter(pk__in=list(hobby_ids)).update(**next_event_updates(now))


def refresh_stale_next_events(*, now=None):
    """Move the next session forward for hobbies whose next session has ended.

    Cheap when nothing is stale (an indexed range scan), so list views may call it before
    they read; the `refresh_next_events` command also runs it periodically.
    """
    now = now or timezone.now()
    # The copied end time finds the usual case through its index; the join also catches a
    # next_event that was set directly, without its copied times.
    stale = Hobby.objects.filter(Q(next_event_end_at__lte=now) | Q(next_event__end_at__lte=now))
    # Hobbies without a next session gain one only through a write, which refreshes them.
    # The weekday bits of the others can only have too many bits set, which lists tolerate.
    updated = stale.update(**next_event_updates(now))
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
    _touch(hobby)


def _touch(hobby):
    """Mark the hobby changed, so that updated_since and Last-Modified see session changes."""
    Hobby.objects.filter(pk=hobby.pk).update(updated_at=timezone.now())


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


# --- Writes through the API and the portal ------------------------------------------------


def _default_municipality_id(hobby, acting_user):
    """Return the municipality of a new hobby: the creator's moderated one, else the
    location's, else the provider's."""
    from accounts.access import default_municipality_id

    municipality_id = default_municipality_id(acting_user) if acting_user is not None else None
    if municipality_id is None and hobby.location_id:
        municipality_id = hobby.location.municipality_id
    if municipality_id is None and hobby.provider_id:
        municipality_id = hobby.provider.municipality_id
    return municipality_id


@transaction.atomic
def save_hobby(hobby, *, acting_user=None, categories=None, languages=None, cover_image=None, clear_cover_image=False):
    """Validate and save a new or changed hobby, its categories, languages and cover image.

    `cover_image` is a file from core.images.validate_image; the replaced file is deleted
    after commit. The search index is updated in the same transaction.
    """
    from core.images import delete_new_file_on_error, replace_image

    from .search import index_hobby

    hobby.clean()
    if hobby.pk is None:
        hobby.created_by = hobby.created_by or acting_user
        if hobby.municipality_id is None:
            hobby.municipality_id = _default_municipality_id(hobby, acting_user)
    new_name = ""
    if cover_image is not None or clear_cover_image:
        new_name = replace_image(hobby, "cover_image", cover_image)
    with delete_new_file_on_error(hobby, "cover_image", new_name):
        hobby.save()
        if categories is not None:
            hobby.categories.set(categories)
        if languages is not None:
            hobby.languages.set(languages)
        index_hobby(hobby)
    logger.info("Saved hobby %s", hobby.pk)
    return hobby


@transaction.atomic
def delete_hobby(hobby):
    """Delete a hobby with its sessions and its cover image file."""
    from core.images import delete_file_on_commit

    delete_file_on_commit(hobby.cover_image.storage, hobby.cover_image.name)
    hobby_id = hobby.pk
    hobby.delete()
    logger.info("Deleted hobby %s", hobby_id)


MAX_REPEATS = 50


@transaction.atomic
def create_sessions(hobby, start_at, end_at, *, weekly_repeats=0, data_source=""):
    """Create a session and `weekly_repeats` copies, each 7 days after the previous one.

    The copies keep the Helsinki wall-clock time across daylight-saving changes. Returns
    the sessions in date order.
    """
    from .models import clean_session_times
    from .timeutils import local_datetime, to_local

    clean_session_times(start_at, end_at)
    local_start, local_end = to_local(start_at), to_local(end_at)
    events = []
    for week in range(weekly_repeats + 1):
        shift = dt.timedelta(days=7 * week)
        event = HobbyEvent(
            hobby=hobby,
            start_at=local_datetime(local_start.date() + shift, local_start.time()),
            end_at=local_datetime(local_end.date() + shift, local_end.time()),
            data_source=data_source,
        )
        clean_session_times(event.start_at, event.end_at)
        event.set_local_fields()
        events.append(event)
    HobbyEvent.objects.bulk_create(events)
    refresh_next_event(hobby)
    _touch(hobby)
    logger.info("Created %s sessions for hobby %s", len(events), hobby.pk)
    return events


@transaction.atomic
def save_session(event):
    """Validate and save a changed session, and move its hobby's next session if needed."""
    from .models import clean_session_times

    clean_session_times(event.start_at, event.end_at)
    event.save()
    refresh_next_event(event.hobby)
    _touch(event.hobby)
    return event
