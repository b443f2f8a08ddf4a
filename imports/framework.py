"""The importer framework: per-record savepoints, change detection and run statistics.

Every importer keys its records on (data_source, origin_id), or on a natural key such as a
municipality code, so a re-run updates changed records, leaves equal ones untouched and
never adds a duplicate. Each record is saved inside its own savepoint: a record that fails
validation is rolled back whole, logged with the reason and counted as skipped, and the run
goes on with the next record.
"""

import enum
import logging
import math
import sys
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from tqdm import tqdm

from hobbies.timeutils import local_today

logger = logging.getLogger(__name__)

# Errors that a malformed record raises while it is read: a missing key, a value of the wrong
# type, an unparseable number or date. DatabaseError covers values the database rejects; the
# savepoint has rolled the record back by the time it is caught.
MALFORMED_RECORD_ERRORS = (
    LookupError,
    TypeError,
    ValueError,
    AttributeError,
    ArithmeticError,
    DatabaseError,
)


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


class SkipRecord(Exception):
    """Raised by an importer to skip one record; the message is the reason that is logged."""

    def __init__(self, reason, *args):
        super().__init__(reason % args if args else reason)
        self.reason = str(self)


@dataclass
class ImportStats:
    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def add(self, outcome):
        setattr(self, str(outcome), getattr(self, str(outcome)) + 1)

    @property
    def total(self):
        return self.created + self.updated + self.unchanged + self.skipped

    def summary(self):
        """Return the translated one-line summary that commands print at the end of a step."""
        return gettext(
            "%(label)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(skipped)s skipped"
        ) % {
            "label": self.label,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
        }


class Importer:
    """Base class of the importers: runs records through `save_record` one savepoint each.

    Subclasses set `data_source` and implement `record_id` and `save_record`, which returns
    an Outcome or raises SkipRecord. `shift_dates` and `now` are read by the hobby importers
    (see imports.seasons); `now` defaults to the current time and fixes "today" for a run.
    """

    data_source = ""
    label = ""

    def __init__(self, *, shift_dates=False, now=None, show_progress=None):
        self.shift_dates = shift_dates
        self.now = now or timezone.now()
        self.today = local_today(self.now)
        self.show_progress = sys.stderr.isatty() if show_progress is None else show_progress
        self.stats = ImportStats(self.label)
        self._cache = {}
        self._pending_cache = {}

    def record_id(self, record):
        raise NotImplementedError

    def save_record(self, record):
        raise NotImplementedError

    def import_records(self, records, *, total=None):
        """Import every record; return the run's ImportStats."""
        progress = tqdm(
            records,
            total=total,
            desc=str(self.stats.label),
            disable=not self.show_progress,
            unit="rec",
        )
        for record in progress:
            self.import_record(record)
        return self.stats

    def import_record(self, record):
        """Save one record in its own savepoint; return its Outcome, or None when it was skipped."""
        origin_id = self.safe_record_id(record)
        self._pending_cache = {}
        try:
            with transaction.atomic():
                outcome = self.save_record(record)
        except SkipRecord as skip:
            self.skip(origin_id, skip.reason)
        except ValidationError as error:
            self.skip(origin_id, describe_validation_error(error))
        except MALFORMED_RECORD_ERRORS as error:
            self.skip(origin_id, f"malformed record ({type(error).__name__}: {error})")
        else:
            self._cache.update(self._pending_cache)
            self.stats.add(outcome)
            return outcome
        finally:
            self._pending_cache = {}
        return None

    def remember(self, key, value):
        """Cache an object saved by the current record; it is kept only if the record is saved.

        A skipped record's savepoint rolls its rows back, so caching them at once would
        hand later records the ids of rows that no longer exist.
        """
        self._pending_cache[key] = value

    def recall(self, key, default=None):
        if key in self._pending_cache:
            return self._pending_cache[key]
        return self._cache.get(key, default)

    def is_remembered(self, key):
        return key in self._pending_cache or key in self._cache

    def safe_record_id(self, record):
        try:
            return str(self.record_id(record) or "?")
        except MALFORMED_RECORD_ERRORS:
            return "?"

    def skip(self, origin_id, reason):
        self.stats.skipped += 1
        logger.info("Skipped %s %s: %s", self.data_source, origin_id, reason)

    def finish(self):
        """Log the summary line and return the statistics."""
        logger.info(
            "Import %s finished: %s created, %s updated, %s unchanged, %s skipped",
            self.data_source,
            self.stats.created,
            self.stats.updated,
            self.stats.unchanged,
            self.stats.skipped,
        )
        return self.stats


def describe_validation_error(error):
    """Return a ValidationError as one English line, "field: message; field: message"."""
    with translation.override("en"):
        if hasattr(error, "error_dict"):
            return "; ".join(
                f"{field}: {' '.join(messages)}"
                for field, messages in sorted(error.message_dict.items())
            )
        return " ".join(error.messages)


def overlaps_audience(min_age, max_age):
    """Return True when the age range overlaps the audience of settings AUDIENCE_MIN_AGE..MAX_AGE."""
    from hobbies.services import overlaps_age

    return overlaps_age(min_age, max_age, settings.AUDIENCE_MIN_AGE, settings.AUDIENCE_MAX_AGE)


def require_audience(min_age, max_age):
    """Raise SkipRecord when the age range does not overlap the audience."""
    if not overlaps_audience(min_age, max_age):
        raise SkipRecord(
            "age range %s-%s does not overlap the audience %s-%s",
            "" if min_age is None else min_age,
            "" if max_age is None else max_age,
            settings.AUDIENCE_MIN_AGE,
            settings.AUDIENCE_MAX_AGE,
        )


# --- Saving with change detection ---------------------------------------------------------


def same_value(current, new):
    """Compare a stored field value with an imported one, as the database would store it.

    Empty text and NULL count as equal because modeltranslation stores a translation column
    that was never set as NULL. Floats compare with a tolerance far below GPS precision.
    """
    if current in (None, "") and new in (None, ""):
        return True
    if current is None or new is None:
        return False
    if isinstance(current, float) or isinstance(new, float):
        return math.isclose(float(current), float(new), rel_tol=0, abs_tol=1e-9)
    if isinstance(current, Decimal) or isinstance(new, Decimal):
        return Decimal(str(current)) == Decimal(str(new))
    return current == new


def apply_values(instance, values):
    """Set the values that differ on `instance`; return the names of the changed fields."""
    changed = []
    for name, value in values.items():
        if not same_value(getattr(instance, name), value):
            setattr(instance, name, value)
            changed.append(name)
    return changed


LOOK_UP = object()


def save_object(model, key, values, *, instance=LOOK_UP, prepare=None):
    """Create or update the `model` row found by `key`; return (instance, Outcome).

    `key` contains the lookup fields (such as data_source and origin_id) and `values` the
    imported field values by attribute name (`municipality_id`, `name_fi`). An importer that
    loaded the existing rows beforehand passes the row, or None for a new one, as
    `instance`; otherwise the row is looked up by `key`. An equal row is not written at
    all. New and changed rows pass full_clean before they are saved, after
    `prepare(instance)` has filled any derived fields that full_clean checks.
    """
    if instance is LOOK_UP:
        instance = model.objects.filter(**key).first()
    if instance is None:
        instance = model(**key, **values)
        if prepare:
            prepare(instance)
        instance.full_clean()
        instance.save()
        return instance, Outcome.CREATED
    if not apply_values(instance, values):
        return instance, Outcome.UNCHANGED
    if prepare:
        prepare(instance)
    instance.full_clean()
    # A full save, because modeltranslation copies the fallback text into the original
    # column (`name`) only when that column is saved too.
    instance.save()
    return instance, Outcome.UPDATED


def set_related(instance, field, ids):
    """Make the many-to-many `field` of `instance` hold exactly `ids`; return True on a change."""
    manager = getattr(instance, field)
    current = set(manager.values_list("pk", flat=True))
    wanted = set(ids)
    if current == wanted:
        return False
    manager.set(wanted)
    return True


def strongest(*outcomes):
    """Return the outcome of a group of objects saved side by side: created, then updated, then unchanged."""
    for outcome in (Outcome.CREATED, Outcome.UPDATED):
        if outcome in outcomes:
            return outcome
    return Outcome.UNCHANGED


def combine(main, *parts):
    """Return the outcome of a record saved as a main object plus parts (sessions, a location).

    The record is created when its main object is; otherwise any created or changed part
    makes it updated.
    """
    if main == Outcome.CREATED:
        return Outcome.CREATED
    if any(outcome != Outcome.UNCHANGED for outcome in (main, *parts)):
        return Outcome.UPDATED
    return Outcome.UNCHANGED


def update_planner_statistics():
    """Run ANALYZE after a bulk import.

    SQLite has no statistics until ANALYZE runs, and without them its planner scans every
    hobby for the list queries instead of using the indexes.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
