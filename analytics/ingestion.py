"""Ingestion of event batches from the youth app: validate each event, store the valid ones.

A batch is not all-or-nothing: valid events are stored and each invalid one is reported
with its index and reasons, because the device cannot repair an event and must not resend
valid ones forever. Only a malformed envelope rejects the whole batch.
"""

import logging
import time
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from . import errors
from .models import UsageEvent
from .schema import (
    MAX_BATCH_EVENTS,
    MAX_READ_EVENTS,
    SCHEMA_VERSION,
    SUPPORTED_SCHEMA_VERSIONS,
    Problem,
    shorten,
    validate_event,
)

logger = logging.getLogger(__name__)

BATCH_FIELDS = {"schema_version", "events", "batch_id"}
# A device resends a batch whose response it did not get; the batch_id is remembered this long.
BATCH_ID_SECONDS = 2 * 24 * 3600
MUNICIPALITY_CODES_SECONDS = 300


class BatchError(Exception):
    """The whole request is rejected: it is not a batch this server can read."""

    def __init__(self, code, status=400, **params):
        super().__init__(code)
        self.code = code
        self.status = status
        self.params = params

    def as_json(self):
        return {"code": self.code, "message": errors.message(errors.BATCH_MESSAGES, self.code, **self.params)}


@dataclass
class BatchResult:
    accepted: list = field(default_factory=list)
    rejected: list = field(default_factory=list)  # (index, [Problem, ...])
    duplicate: bool = False

    def as_json(self):
        """Return the response body, with messages in the active language."""
        return {
            "schema_version": SCHEMA_VERSION,
            "duplicate": self.duplicate,
            "accepted": self.accepted,
            "rejected": [
                {
                    "index": index,
                    "errors": [
                        {
                            "code": problem.code,
                            "field": problem.field,
                            "message": errors.message(errors.EVENT_MESSAGES, problem.code, **(problem.params or {})),
                        }
                        for problem in problems
                    ],
                }
                for index, problems in self.rejected
            ],
        }


class _MunicipalityCodes:
    """Municipality codes, read at most every MUNICIPALITY_CODES_SECONDS per process.

    Every event names a municipality, so reading the codes per request would cost a query.
    A change to a Municipality clears the copy in this process (see apps.py).
    """

    def __init__(self):
        self.codes = None
        self.read_at = 0.0

    def get(self):
        if self.codes is None or time.monotonic() - self.read_at > MUNICIPALITY_CODES_SECONDS:
            from places.models import Municipality

            self.codes = frozenset(Municipality.objects.values_list("code", flat=True))
            self.read_at = time.monotonic()
        return self.codes

    def clear(self, **_signal_arguments):
        self.codes = None


municipality_codes = _MunicipalityCodes()


# Columns written by insert_events, with the value of a column that an event does not set.
EVENT_COLUMNS = {
    "schema_version": None,
    "name": None,
    "day": None,
    "municipality_code": "",
    "hobby_id": None,
    "promotion_id": None,
    "category_id": None,
    "search_text": "",
    "result_count": None,
    "filters": "",
    "language": "",
}


def insert_events(rows):
    """Insert validated events (dicts of column values) with one multi-row INSERT.

    Plain SQL because building 50 model instances and compiling bulk_create took most of
    a request's time. On PostgreSQL the commit does not wait for the WAL flush: losing the
    last fraction of a second of events in a database crash is an acceptable price for
    not waiting on every batch.
    """
    if not rows:
        return
    columns = ", ".join(EVENT_COLUMNS)
    placeholders = "(" + ", ".join(["%s"] * len(EVENT_COLUMNS)) + ")"
    params = []
    for values in rows:
        values = {**values, "day": connection.ops.adapt_datefield_value(values["day"])}
        params += [values.get(column, default) for column, default in EVENT_COLUMNS.items()]
    sql = f"INSERT INTO {UsageEvent._meta.db_table} ({columns}) VALUES " + ", ".join([placeholders] * len(rows))
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(sql, params)


def read_envelope(payload):
    """Return (events, batch_id) of a batch, or raise BatchError."""
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
        raise BatchError("invalid_batch")
    for key in payload:
        if key not in BATCH_FIELDS:
            raise BatchError("unknown_batch_field", field=shorten(key))
    version = payload.get("schema_version")
    if type(version) is not int or version not in SUPPORTED_SCHEMA_VERSIONS:
        supported = ", ".join(str(number) for number in SUPPORTED_SCHEMA_VERSIONS)
        raise BatchError("unsupported_schema_version", value=shorten(version), supported=supported)
    if len(payload["events"]) > MAX_READ_EVENTS:
        raise BatchError(
            "too_many_events", status=413, count=len(payload["events"]), max=MAX_BATCH_EVENTS, listed=MAX_READ_EVENTS
        )
    batch_id = payload.get("batch_id")
    if batch_id is not None:
        try:
            batch_id = str(uuid.UUID(str(batch_id)))
        except ValueError:
            raise BatchError("invalid_batch_id", value=shorten(batch_id)) from None
    return payload["events"], batch_id


def ingest_batch(payload, *, now=None):
    """Store the valid events of a decoded batch and return which were accepted or rejected.

    A batch_id seen in the last BATCH_ID_SECONDS gets a duplicate response and nothing is
    stored, so that a resent batch is not counted twice. The cache must be shared between
    server processes for this to hold across them.
    """
    events, batch_id = read_envelope(payload)
    now = now or timezone.now()
    batch_key = f"analytics:batch:{batch_id}" if batch_id else None
    if batch_key and not cache.add(batch_key, 1, BATCH_ID_SECONDS):
        return BatchResult(duplicate=True)

    result = BatchResult()
    rows = []
    known_codes = municipality_codes.get()
    for index, event in enumerate(events):
        if index >= MAX_BATCH_EVENTS:
            problem = Problem("batch_too_large", None, {"count": len(events), "max": MAX_BATCH_EVENTS})
            result.rejected.append((index, [problem]))
            continue
        values, problems = validate_event(event, now=now, known_codes=known_codes)
        if problems:
            result.rejected.append((index, problems))
        else:
            result.accepted.append(index)
            rows.append(values)

    try:
        insert_events(rows)
    except Exception:
        if batch_key:
            cache.delete(batch_key)  # let the device's retry store the batch
        raise
    return result
