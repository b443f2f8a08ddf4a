"""Saving an imported hobby together with its categories, languages, weekly rules and sessions.

The Linked Events, hobbyt and demo importers read their sources into HobbyData and hand it
to HobbyWriter, so that every source gets the same change detection, date shift and
session upkeep.

Weekly rules and explicit sessions belong to the record that lists them: their origin id is
the record's id or starts with it ("3549/17:30-19:00"). A re-import deletes the record's
rules and sessions that the source no longer lists, and leaves alone the sessions that
other records (Linked Events sub-events) added to the same hobby.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field, replace

from hobbies.models import Hobby, HobbyEvent, Language, WeeklySchedule
from hobbies.schedules import materialise_schedule
from hobbies.search import index_hobby
from hobbies.services import refresh_next_event
from hobbies.timeutils import to_local

from .framework import LOOK_UP, Outcome, combine, save_object, set_related, strongest
from .seasons import shift_date, shift_moment, shift_weeks

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RuleData:
    """A weekly rule: sessions on `weekdays` (ISO numbers) from first_date to last_date."""

    origin_id: str
    weekdays: tuple
    start_time: dt.time
    end_time: dt.time
    first_date: dt.date
    last_date: dt.date
    exception_dates: tuple = ()

    def shifted(self, weeks):
        return replace(
            self,
            first_date=shift_date(self.first_date, weeks),
            last_date=shift_date(self.last_date, weeks),
            exception_dates=tuple(shift_date(day, weeks) for day in self.exception_dates),
        )

    def values(self, hobby):
        return {
            "hobby_id": hobby.pk,
            "weekdays": sorted(set(self.weekdays)),
            "start_time": self.start_time,
            "end_time": self.end_time,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "exception_dates": sorted({day.isoformat() for day in self.exception_dates}),
        }


@dataclass(frozen=True)
class SessionData:
    """One dated session; start_at and end_at are aware datetimes."""

    origin_id: str
    start_at: dt.datetime
    end_at: dt.datetime
    is_all_day: bool = False

    def shifted(self, weeks):
        return replace(
            self,
            start_at=shift_moment(self.start_at, weeks),
            end_at=shift_moment(self.end_at, weeks),
        )

    def values(self, hobby):
        return {
            "hobby_id": hobby.pk,
            "schedule_id": None,
            "start_at": self.start_at,
            "end_at": self.end_at,
            "is_all_day": self.is_all_day,
        }


@dataclass
class HobbyData:
    """An imported hobby before it is saved.

    `values` contains Hobby field values by attribute name (name_fi, location_id, …). `season`
    gives the record's own first and last date when its rules and sessions do not cover
    them, as for a Linked Events super event whose sessions come from its sub-events.
    """

    data_source: str
    origin_id: str
    values: dict
    category_ids: list = field(default_factory=list)
    language_codes: list = field(default_factory=list)
    rules: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    season: tuple | None = None

    def season_dates(self):
        """Return (first date, last date) over the rules, the sessions and `season`, or (None, None)."""
        starts, ends = [], []
        for rule in self.rules:
            starts.append(rule.first_date)
            ends.append(rule.last_date)
        for session in self.sessions:
            starts.append(to_local(session.start_at).date())
            ends.append(to_local(session.end_at).date())
        if self.season:
            starts.append(self.season[0])
            ends.append(self.season[1])
        if not starts:
            return None, None
        return min(starts), max(ends)


def owned_by(origin_id, owner):
    """Return True when a rule or session with `origin_id` was listed by the record `owner`."""
    return origin_id == owner or origin_id.startswith(owner + "/")


def prepare_session(event):
    event.set_local_fields()


class HobbyWriter:
    """Saves HobbyData; `shift_dates`, `today` and `now` come from the running importer."""

    def __init__(self, *, shift_dates, today, now):
        self.shift_dates = shift_dates
        self.today = today
        self.now = now

    def shift_for(self, data):
        if not self.shift_dates:
            return 0
        return shift_weeks(*data.season_dates(), self.today)

    def save(self, data):
        """Save the hobby and everything it lists; return the record's Outcome."""
        weeks = self.shift_for(data)
        values = {**data.values, "demo_shift_weeks": weeks}
        hobby, hobby_outcome = save_object(
            Hobby, {"data_source": data.data_source, "origin_id": data.origin_id}, values
        )

        related_changed = set_related(hobby, "categories", data.category_ids)
        related_changed |= set_related(hobby, "languages", self.language_ids(data.language_codes))
        rules_outcome = self.sync_rules(hobby, data, [rule.shifted(weeks) for rule in data.rules])
        sessions_outcome = self.sync_sessions(
            hobby, data, [session.shifted(weeks) for session in data.sessions]
        )
        if Outcome.UNCHANGED != combine(hobby_outcome, rules_outcome, sessions_outcome):
            refresh_next_event(hobby, now=self.now)
        if hobby_outcome != Outcome.UNCHANGED or related_changed:
            index_hobby(hobby)

        return combine(
            hobby_outcome,
            Outcome.UPDATED if related_changed else Outcome.UNCHANGED,
            rules_outcome,
            sessions_outcome,
        )

    def language_ids(self, codes):
        # Not cached across records: a row created by a record that is then skipped is rolled back.
        return [Language.objects.get_or_create(code=code)[0].pk for code in codes]

    def sync_rules(self, hobby, data, rules):
        """Create, update and delete the record's weekly rules; materialise the changed ones."""
        existing = {
            rule.origin_id: rule
            for rule in WeeklySchedule.objects.filter(hobby=hobby, data_source=data.data_source)
            if owned_by(rule.origin_id, data.origin_id)
        }
        outcomes = []
        for rule in rules:
            schedule, outcome = save_object(
                WeeklySchedule,
                {"data_source": data.data_source, "origin_id": rule.origin_id},
                rule.values(hobby),
                instance=existing.pop(rule.origin_id, LOOK_UP),
            )
            if outcome != Outcome.UNCHANGED:
                materialise_schedule(schedule, now=self.now)
            outcomes.append(outcome)
        for stale in existing.values():
            HobbyEvent.objects.filter(schedule=stale, end_at__gt=self.now).delete()
            stale.delete()
            outcomes.append(Outcome.UPDATED)
        return strongest(*outcomes)

    def sync_sessions(self, hobby, data, sessions):
        """Create, update and delete the record's explicit sessions (those without a rule)."""
        existing = {
            event.origin_id: event
            for event in HobbyEvent.objects.filter(
                hobby=hobby, data_source=data.data_source, schedule=None
            )
            if owned_by(event.origin_id, data.origin_id)
        }
        outcomes = []
        for session in sessions:
            _event, outcome = self.save_session(
                hobby, data.data_source, session, existing.pop(session.origin_id, LOOK_UP)
            )
            outcomes.append(outcome)
        for stale in existing.values():
            stale.delete()
            outcomes.append(Outcome.UPDATED)
        return strongest(*outcomes)

    def save_session(self, hobby, data_source, session, instance=LOOK_UP):
        return save_object(
            HobbyEvent,
            {"data_source": data_source, "origin_id": session.origin_id},
            session.values(hobby),
            instance=instance,
            prepare=prepare_session,
        )
