"""State changes of hobbies and sessions. Views, the API and commands call these."""

import datetime as dt
import hashlib
import json
import logging

from django.db import transaction
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import errors
from .models import Hobby, HobbyEvent
from .timeutils import to_local

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


def lock_hobby(pk):
    """Lock the hobby's row until the transaction ends; raise Hobby.DoesNotExist when it is gone.

    Every write of a hobby or its sessions takes this lock first. So a delete waits for a
    write in progress and then deletes what it added, and a write that comes after a delete
    fails instead of inserting the hobby again or adding sessions to it.
    """
    Hobby.objects.select_for_update().only("pk").get(pk=pk)


def _record_session(action, event, *, actor, changes=None):
    from audit.log import record

    hobby = event.hobby
    label = f"{hobby} {to_local(event.start_at):%Y-%m-%d %H:%M}"
    record(
        action,
        event,
        actor=actor,
        changes=changes,
        provider_id=hobby.provider_id,
        municipality_id=hobby.municipality_id,
        label=label,
    )


@transaction.atomic
def cancel_session(event, *, cancelled=True, acting_user=None):
    """Mark a session cancelled (it shows as cancelled, never as upcoming) or restore it."""
    lock_hobby(event.hobby_id)
    event.is_cancelled = HobbyEvent.objects.values_list("is_cancelled", flat=True).get(pk=event.pk)
    if event.is_cancelled != cancelled:
        event.is_cancelled = cancelled
        event.save(update_fields=["is_cancelled", "updated_at"])
        _record_session(
            "session.cancelled" if cancelled else "session.restored",
            event,
            actor=acting_user,
            changes={"is_cancelled": [not cancelled, cancelled]},
        )
        _touch(event.hobby)
    refresh_next_event(event.hobby)
    return event


@transaction.atomic
def delete_session(event, *, acting_user=None):
    lock_hobby(event.hobby_id)
    hobby = event.hobby
    _record_session("session.deleted", event, actor=acting_user)
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
#
# Each write takes a snapshot before the change, writes the rows and records one audit row
# in the same transaction. Changes to a published hobby by anyone but its municipality's
# moderator put it in the moderation queue (see hobbies.moderation).

# Columns that moderation and bookkeeping change; they are not content changes.
NON_CONTENT_FIELDS = {"moderation_status", "moderation_message", "moderation_changed_at", "moderated_by_id"}


def overseeing_municipality_id(obj):
    """Return the municipality whose moderators oversee a hobby or promotion: its location's,
    else its provider's, else None.

    The location comes first because the municipality where the hobby takes place decides
    who reviews it, wherever its provider is based.
    """
    if obj.location_id and obj.location.municipality_id:
        return obj.location.municipality_id
    if obj.provider_id and obj.provider.municipality_id:
        return obj.provider.municipality_id
    return None


def _municipality_id(hobby, acting_user):
    """Return the municipality of a hobby being saved: see `overseeing_municipality_id`.

    When neither the location nor the provider has one, the hobby keeps the one it has, and
    a new hobby gets its creator's moderated municipality.
    """
    from accounts.access import default_municipality_id

    municipality_id = overseeing_municipality_id(hobby) or hobby.municipality_id
    if municipality_id is None and acting_user is not None:
        municipality_id = default_municipality_id(acting_user)
    return municipality_id


def hobby_snapshot(hobby, categories=None, languages=None):
    """Return the audited values of `hobby`, with its category ids and language codes."""
    from audit.log import snapshot

    if categories is None:
        categories = hobby.categories.all() if hobby.pk else []
    if languages is None:
        languages = hobby.languages.all() if hobby.pk else []
    values = snapshot(
        hobby,
        {
            "categories": sorted(getattr(item, "pk", item) for item in categories),
            "languages": sorted(getattr(item, "pk", item) for item in languages),
        },
    )
    for name in NON_CONTENT_FIELDS:
        values.pop(name, None)
    return values


def stored_hobby_snapshot(pk):
    hobby = Hobby.objects.filter(pk=pk).first() if pk else None
    return hobby_snapshot(hobby) if hobby else {}


# Snapshot fields that change without an edit of the hobby's content: publishing, and the
# municipality that follows the location.
VERSION_IGNORED_FIELDS = {"status", "municipality_id"}


def content_version(values):
    """Return a short hash of a hobby snapshot's content, to detect a change by someone else
    between opening a form and saving it."""
    content = {name: value for name, value in values.items() if name not in VERSION_IGNORED_FIELDS}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:32]


def stored_content_version(pk):
    return content_version(stored_hobby_snapshot(pk))


def mark_for_review(hobby, acting_user, *, now=None):
    """Put a published hobby in its municipality's moderation queue, unless the change comes
    from a moderator of that municipality (or an administrator), who needs no review.

    Sets the fields on `hobby`; the caller saves them.
    """
    from accounts.access import can_moderate

    if hobby.status != Hobby.Status.PUBLISHED or can_moderate(acting_user, hobby):
        return False
    hobby.moderation_status = Hobby.Moderation.PENDING
    hobby.moderation_changed_at = now or timezone.now()
    return True


@transaction.atomic
def follow_location_municipality(location, *, acting_user=None):
    """Move the hobbies and promotions at `location` to its municipality, after it changed.

    Published hobbies go to the new municipality's moderation queue. Return how many
    hobbies moved. Other fields are left alone, so old records that would no longer pass
    validation still move.
    """
    from audit.log import record
    from promotions.models import Promotion

    moved = 0
    for hobby in Hobby.objects.filter(location=location).exclude(municipality_id=location.municipality_id):
        before = hobby.municipality_id
        hobby.municipality_id = location.municipality_id
        mark_for_review(hobby, acting_user)
        hobby.save(update_fields=["municipality", "moderation_status", "moderation_changed_at", "updated_at"])
        record(
            "hobby.updated", hobby, actor=acting_user, changes={"municipality_id": [before, hobby.municipality_id]}
        )
        moved += 1
    Promotion.objects.filter(location=location).exclude(municipality_id=location.municipality_id).update(
        municipality_id=location.municipality_id
    )
    return moved


@transaction.atomic
def save_hobby(
    hobby,
    *,
    acting_user=None,
    categories=None,
    languages=None,
    cover_image=None,
    clear_cover_image=False,
    expected_version=None,
):
    """Validate and save a new or changed hobby, its categories, languages and cover image.

    `expected_version` is the `content_version` of the hobby when the editor opened it. When
    the stored hobby has changed since, nothing is saved and a "changed_meanwhile" error is
    raised, so that one person's save does not silently undo another's.

    The hobby's municipality is set from its location or provider (`_municipality_id`).
    Raise Hobby.DoesNotExist or Location.DoesNotExist when the hobby or its location has
    been deleted since it was read.

    `cover_image` is a file from core.images.validate_image; the replaced file is deleted
    after commit. The search index is updated in the same transaction.
    """
    from audit.log import changes_between, record
    from core.images import delete_new_file_on_error, replace_image
    from places.services import lock_location

    from .search import index_hobby

    created = hobby.pk is None
    # The location comes first, in the order in which delete_location locks the rows. A
    # concurrent save of the hobby waits for the lock and then reads the version saved here.
    if hobby.location_id:
        lock_location(hobby.location_id)
    if not created:
        lock_hobby(hobby.pk)
    before = stored_hobby_snapshot(hobby.pk)
    if not created and expected_version and content_version(before) != expected_version:
        raise errors.message("changed_meanwhile")
    hobby.clean()
    if created:
        hobby.created_by = hobby.created_by or acting_user
    # The municipality follows the location on every save, so that the moderators of the
    # place review the hobby. A change of municipality is a change like any other, so a
    # published hobby goes back to the queue (of its new municipality).
    hobby.municipality_id = _municipality_id(hobby, acting_user)
    new_name = ""
    if cover_image is not None or clear_cover_image:
        new_name = replace_image(hobby, "cover_image", cover_image)
    changes = changes_between(before, hobby_snapshot(hobby, categories, languages))
    if created or changes:
        mark_for_review(hobby, acting_user)
    with delete_new_file_on_error(hobby, "cover_image", new_name):
        hobby.save()
        if categories is not None:
            hobby.categories.set(categories)
        if languages is not None:
            hobby.languages.set(languages)
        index_hobby(hobby)
    if created or changes:
        record("hobby.created" if created else "hobby.updated", hobby, actor=acting_user, changes=changes)
    logger.info("Saved hobby %s", hobby.pk)
    return hobby


@transaction.atomic
def set_hobby_status(hobby, status, *, acting_user=None):
    """Publish, unpublish (back to draft) or archive a hobby.

    Publishing by anyone but the municipality's moderator puts the hobby in the queue.
    """
    from audit.log import record

    lock_hobby(hobby.pk)
    # Read the status again under the lock, so that two clicks at once change and log it once.
    old_status = Hobby.objects.values_list("status", flat=True).get(pk=hobby.pk)
    hobby.status = old_status
    if old_status == status:
        return hobby
    hobby.status = status
    fields = ["status", "updated_at"]
    if mark_for_review(hobby, acting_user):
        fields += ["moderation_status", "moderation_changed_at"]
    hobby.save(update_fields=fields)
    action = {
        Hobby.Status.PUBLISHED: "hobby.published",
        Hobby.Status.DRAFT: "hobby.unpublished",
        Hobby.Status.ARCHIVED: "hobby.archived",
    }[status]
    record(action, hobby, actor=acting_user, changes={"status": [old_status, status]})
    logger.info("Set the status of hobby %s to %s", hobby.pk, status)
    return hobby


def publish_hobby(hobby, *, acting_user=None):
    return set_hobby_status(hobby, Hobby.Status.PUBLISHED, acting_user=acting_user)


def unpublish_hobby(hobby, *, acting_user=None):
    return set_hobby_status(hobby, Hobby.Status.DRAFT, acting_user=acting_user)


@transaction.atomic
def duplicate_hobby(hobby, *, acting_user=None):
    """Copy a hobby as a new draft with its texts, categories, languages and weekly
    schedules; the copy gets its own sessions from the schedules, not the original's.

    The copy's name in each language ends in "(copy)" in that language.
    """
    from django.utils import translation
    from django.utils.translation import gettext

    from audit.log import changes_between, record
    from core.i18n import CONTENT_LANGUAGES

    from .schedules import materialise_schedule
    from .search import index_hobby

    categories = list(hobby.categories.all())
    languages = list(hobby.languages.all())
    schedules = list(hobby.schedules.all())
    copy = Hobby.objects.get(pk=hobby.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    for code in CONTENT_LANGUAGES:
        name = getattr(hobby, f"name_{code}", "")
        if name:
            with translation.override(code):
                setattr(copy, f"name_{code}", gettext("%(name)s (copy)") % {"name": name})
    copy.status = Hobby.Status.DRAFT
    copy.data_source, copy.origin_id = "", ""
    copy.created_by = acting_user
    copy.next_event = None
    copy.next_event_start_at = copy.next_event_end_at = None
    copy.upcoming_weekdays = 0
    copy.demo_shift_weeks = 0
    copy.moderation_status = Hobby.Moderation.UNREVIEWED
    copy.moderation_message = ""
    copy.moderation_changed_at = None
    copy.moderated_by = None
    if hobby.cover_image:
        # The copy gets its own file, so deleting one hobby's image leaves the other's.
        from django.core.files.base import ContentFile

        try:
            with hobby.cover_image.open("rb") as original:
                content = ContentFile(original.read())
        except OSError:
            logger.warning("Copied hobby %s without its cover image, whose file cannot be read", hobby.pk)
            copy.cover_image = ""
        else:
            copy.cover_image.save(hobby.cover_image.name.rsplit("/", 1)[-1], content, save=False)
    copy.save()
    copy.categories.set(categories)
    copy.languages.set(languages)
    for schedule in schedules:
        schedule.pk = None
        schedule.id = None
        schedule._state.adding = True
        schedule.hobby = copy
        schedule.data_source, schedule.origin_id = "", ""
        schedule.save()
        materialise_schedule(schedule)
    index_hobby(copy)
    record(
        "hobby.duplicated",
        copy,
        actor=acting_user,
        changes={"duplicated_from": [None, hobby.pk], **changes_between({}, hobby_snapshot(copy))},
    )
    logger.info("Duplicated hobby %s as %s", hobby.pk, copy.pk)
    return copy


@transaction.atomic
def delete_hobby(hobby, *, acting_user=None):
    """Delete a hobby with its sessions and its cover image file."""
    from audit.log import record
    from core.images import delete_file_on_commit

    lock_hobby(hobby.pk)
    record("hobby.deleted", hobby, actor=acting_user)
    delete_file_on_commit(hobby.cover_image.storage, hobby.cover_image.name)
    hobby_id = hobby.pk
    hobby.delete()
    logger.info("Deleted hobby %s", hobby_id)


MAX_REPEATS = 50


@transaction.atomic
def create_sessions(hobby, start_at, end_at, *, weekly_repeats=0, data_source="", acting_user=None):
    """Create a session and `weekly_repeats` copies, each 7 days after the previous one.

    The copies keep the Helsinki wall-clock time across daylight-saving changes. Returns
    the sessions in date order.
    """
    from .models import clean_session_times
    from .timeutils import session_span

    clean_session_times(start_at, end_at)
    lock_hobby(hobby.pk)
    local_start, local_end = to_local(start_at), to_local(end_at)
    events = []
    for week in range(weekly_repeats + 1):
        shift = dt.timedelta(days=7 * week)
        start_at, end_at = session_span(
            local_start.date() + shift, local_start.time(), local_end.time(), end_day=local_end.date() + shift
        )
        event = HobbyEvent(hobby=hobby, start_at=start_at, end_at=end_at, data_source=data_source)
        clean_session_times(event.start_at, event.end_at)
        event.set_local_fields()
        events.append(event)
    HobbyEvent.objects.bulk_create(events)
    for event in events:
        _record_session(
            "session.created",
            event,
            actor=acting_user,
            changes={"start_at": [None, event.start_at.isoformat()], "end_at": [None, event.end_at.isoformat()]},
        )
    refresh_next_event(hobby)
    _touch(hobby)
    logger.info("Created %s sessions for hobby %s", len(events), hobby.pk)
    return events


@transaction.atomic
def save_session(event, *, acting_user=None):
    """Validate and save a changed session, and move its hobby's next session if needed."""
    from audit.log import changes_between, snapshot, stored_snapshot

    from .models import clean_session_times

    lock_hobby(event.hobby_id)
    # The session itself may have been deleted since it was read, and save() would insert it again.
    HobbyEvent.objects.select_for_update().only("pk").get(pk=event.pk)
    before = stored_snapshot(HobbyEvent, event.pk)
    clean_session_times(event.start_at, event.end_at)
    event.save()
    changes = changes_between(before, snapshot(event))
    if changes:
        _record_session("session.updated", event, actor=acting_user, changes=changes)
    refresh_next_event(event.hobby)
    _touch(event.hobby)
    return event


# --- Weekly schedules -----------------------------------------------------------------------


def _record_schedule(action, schedule, *, actor, changes=None):
    from audit.log import record

    record(
        action,
        schedule,
        actor=actor,
        changes=changes,
        provider_id=schedule.hobby.provider_id,
        municipality_id=schedule.hobby.municipality_id,
        label=str(schedule.hobby),
    )


def _ensure_not_duplicate(schedule):
    """Raise ValidationError when the hobby has another schedule with the same rule, as after
    a form was sent twice, because each of its sessions would then be listed twice."""
    from .models import WeeklySchedule

    others = WeeklySchedule.objects.filter(
        hobby_id=schedule.hobby_id,
        start_time=schedule.start_time,
        end_time=schedule.end_time,
        first_date=schedule.first_date,
        last_date=schedule.last_date,
    ).exclude(pk=schedule.pk)
    rule = (sorted(schedule.weekdays), sorted(schedule.exception_dates or []))
    for other in others:
        if (sorted(other.weekdays), sorted(other.exception_dates or [])) == rule:
            raise errors.message(
                "schedule_duplicate",
                start=schedule.start_time.strftime("%H:%M"),
                end=schedule.end_time.strftime("%H:%M"),
                first=schedule.first_date.isoformat(),
                last=schedule.last_date.isoformat(),
            )


@transaction.atomic
def save_schedule(schedule, *, acting_user=None):
    """Validate and save a weekly schedule and bring its future sessions in line with it.

    Returns the MaterialisationResult. Past sessions are never touched, and a future session
    that the rule still wants keeps its id and its cancellation.
    """
    from audit.log import changes_between, snapshot, stored_snapshot

    from .models import WeeklySchedule
    from .schedules import materialise_schedule

    created = schedule.pk is None
    before = stored_snapshot(WeeklySchedule, schedule.pk)
    schedule.clean()
    # Lock the hobby, so that a concurrent save of the same schedule waits and then finds it.
    lock_hobby(schedule.hobby_id)
    _ensure_not_duplicate(schedule)
    schedule.save()
    changes = changes_between(before, snapshot(schedule))
    if created or changes:
        _record_schedule("schedule.created" if created else "schedule.updated", schedule, actor=acting_user, changes=changes)
    result = materialise_schedule(schedule)
    _touch(schedule.hobby)
    return result


@transaction.atomic
def delete_schedule(schedule, *, acting_user=None, now=None):
    """Delete a weekly schedule with its sessions that have not ended; past ones stay as history."""
    now = now or timezone.now()
    hobby = schedule.hobby
    _record_schedule("schedule.deleted", schedule, actor=acting_user)
    deleted, _ = HobbyEvent.objects.filter(schedule=schedule, end_at__gt=now).delete()
    schedule.delete()
    refresh_next_event(hobby)
    _touch(hobby)
    logger.info("Deleted schedule of hobby %s with %s future sessions", hobby.pk, deleted)


def preview_schedule(schedule, *, now=None):
    """Return [(start_at, end_at)] of the sessions that saving `schedule` would give.

    `schedule` may be unsaved; call its clean() first. The list covers what materialisation
    creates: from now to settings SCHEDULE_HORIZON_DAYS ahead.
    """
    from .schedules import planned_sessions

    return sorted(planned_sessions(schedule, now).values())
