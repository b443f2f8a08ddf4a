"""Materialisation of weekly schedules into dated sessions.

A rule produces sessions only from now to SCHEDULE_HORIZON_DAYS ahead: past sessions are
history and are never created, changed or deleted here. Re-running is idempotent: existing
future sessions of the rule are matched by date, so their ids (and cancellations) survive.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import HobbyEvent, WeeklySchedule
from .timeutils import local_today, session_span

logger = logging.getLogger(__name__)


@dataclass
class MaterialisationResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    failed: int = 0

    def __iadd__(self, other):
        self.created += other.created
        self.updated += other.updated
        self.deleted += other.deleted
        self.unchanged += other.unchanged
        self.failed += other.failed
        return self


def rule_dates(schedule, start, end):
    """Yield the dates from `start` to `end` (inclusive) on which `schedule` has a session."""
    first = max(schedule.first_date, start)
    last = min(schedule.last_date, end)
    weekdays = set(schedule.weekdays)
    exceptions = schedule.exception_date_set
    day = first
    while day <= last:
        if day.isoweekday() in weekdays and day not in exceptions:
            yield day
        day += dt.timedelta(days=1)


def planned_sessions(schedule, now=None):
    """Return {date: (start_at, end_at)} for the sessions the rule wants from now on."""
    now = now or timezone.now()
    today = local_today(now)
    horizon = today + dt.timedelta(days=settings.SCHEDULE_HORIZON_DAYS)
    planned = {}
    for day in rule_dates(schedule, today, horizon):
        start_at, end_at = session_span(day, schedule.start_time, schedule.end_time)
        if end_at <= now:
            continue  # today's session that has already ended is in the past
        planned[day] = (start_at, end_at)
    return planned


@transaction.atomic
def materialise_schedule(schedule, *, now=None):
    """Bring the future sessions of `schedule` in line with its rule."""
    now = now or timezone.now()
    result = MaterialisationResult()
    planned = planned_sessions(schedule, now)
    existing = {
        event.start_date: event
        for event in HobbyEvent.objects.select_for_update().filter(schedule=schedule, end_at__gt=now)
    }

    for day, event in existing.items():
        if day not in planned:
            event.delete()
            result.deleted += 1

    new_events = []
    for day, (start_at, end_at) in planned.items():
        event = existing.get(day)
        if event is None:
            event = HobbyEvent(hobby_id=schedule.hobby_id, schedule=schedule, start_at=start_at, end_at=end_at)
            event.set_local_fields()
            new_events.append(event)
        elif event.start_at != start_at or event.end_at != end_at:
            event.start_at, event.end_at = start_at, end_at
            event.save(update_fields=["start_at", "end_at", "updated_at"])
            result.updated += 1
        else:
            result.unchanged += 1
    HobbyEvent.objects.bulk_create(new_events, batch_size=500)
    result.created = len(new_events)

    from .services import refresh_next_event

    refresh_next_event(schedule.hobby, now=now)
    logger.debug(
        "Materialised schedule %s: %s created, %s updated, %s deleted",
        schedule.pk, result.created, result.updated, result.deleted,
    )
    return result


def materialise_all(*, now=None, hobby_ids=None):
    """Extend every rule's sessions to the horizon; run daily so the window keeps rolling."""
    now = now or timezone.now()
    today = local_today(now)
    schedules = WeeklySchedule.objects.filter(last_date__gte=today).select_related("hobby")
    if hobby_ids is not None:
        schedules = schedules.filter(hobby_id__in=hobby_ids)
    total = MaterialisationResult()
    for schedule in schedules.iterator(chunk_size=500):
        # One schedule that cannot be materialised must not stop the others from rolling on.
        try:
            total += materialise_schedule(schedule, now=now)
        except Exception:
            logger.exception("Could not materialise schedule %s of hobby %s", schedule.pk, schedule.hobby_id)
            total.failed += 1
    return total
