"""The analytics event schema, version 1: one definition for validation, storage and JSON Schema.

docs/analytics-events.md documents it for people. Validation is plain Python, because it
runs for every event and must name a stable reason for each rejected one. `json_schema()`
publishes the same rules as JSON Schema (draft 2020-12) for client developers.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings

from hobbies.timeutils import HELSINKI

from .models import EventName

SCHEMA_VERSION = 1
SUPPORTED_SCHEMA_VERSIONS = (1,)
MAX_BATCH_EVENTS = 100
# A batch with more events than this is rejected whole, because a problem listed for each
# extra event would turn a small request into a response of megabytes. A device queues at
# most 500 events.
MAX_READ_EVENTS = 500
# Device clocks drift; a little lead over the server clock is not a future event.
MAX_CLOCK_LEAD = dt.timedelta(minutes=5)
# A device may be offline for a week. The rollup recomputes this many past days on every
# run, so an older event could never be counted and is rejected instead.
MAX_EVENT_AGE_DAYS = 7
# Fields that an event may have before it is rejected with one problem instead of one per
# field: a valid event has at most 7, and listing thousands would make a response of megabytes.
MAX_EVENT_FIELDS = 10
MAX_ID = 2**63 - 1
MAX_RESULT_COUNT = 10_000_000
MAX_SEARCH_INPUT_LENGTH = 200
MAX_SEARCH_TEXT_LENGTH = 60

SEARCH_FILTERS = (
    "age",
    "category",
    "distance",
    "instruction_language",
    "price_type",
    "time_of_day",
    "weekday",
    "with_promotion",
)
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
COMMON_FIELDS = ("name", "time", "municipality")


@dataclass(frozen=True)
class Field:
    """An event field: its JSON name, kind (see `clean_value`), model column and whether required."""

    name: str
    kind: str
    column: str
    required: bool = True


HOBBY = Field("hobby", "id", "hobby_id")
PROMOTION = Field("promotion", "id", "promotion_id")

EVENT_FIELDS = {
    EventName.FIRST_OPEN: (),
    EventName.ACTIVE_MONTH: (),
    EventName.HOBBY_VIEW: (HOBBY,),
    EventName.SEARCH: (
        Field("text", "text", "search_text", required=False),
        Field("results", "count", "result_count"),
        Field("filters", "filters", "filters", required=False),
        Field("category", "id", "category_id", required=False),
    ),
    EventName.FAVOURITE_ADD: (HOBBY,),
    EventName.FAVOURITE_REMOVE: (HOBBY,),
    EventName.PROMOTION_VIEW: (PROMOTION,),
    EventName.PROMOTION_USE: (PROMOTION,),
    EventName.MAP_OPEN: (),
    EventName.LANGUAGE_SELECT: (Field("language", "language", "language"),),
}
EVENT_NAMES = tuple(str(name) for name in EVENT_FIELDS)


@dataclass(frozen=True)
class Problem:
    """Why one event, or one of its fields, was rejected: a stable code and message parameters."""

    code: str
    field: str | None = None
    params: dict | None = None


class Rejected(Exception):
    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def shorten(value, length=40):
    """Return a printable excerpt of a client's value for an error message."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= length else text[: length - 1] + "…"


# --- Values --------------------------------------------------------------------------------


def clean_value(kind, value):
    """Return the stored form of a field value of `kind`, or raise Rejected."""
    if kind == "id":
        if type(value) is not int or not 1 <= value <= MAX_ID:
            raise Rejected("invalid_type", expected=kind)
        return value
    if kind == "count":
        if type(value) is not int or not 0 <= value <= MAX_RESULT_COUNT:
            raise Rejected("invalid_type", expected=kind)
        return value
    if kind == "text":
        if not isinstance(value, str):
            raise Rejected("invalid_type", expected=kind)
        if len(value) > MAX_SEARCH_INPUT_LENGTH:
            raise Rejected("too_long", length=len(value), max=MAX_SEARCH_INPUT_LENGTH)
        return normalise_search_text(value)
    if kind == "filters":
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise Rejected("invalid_type", expected=kind)
        for item in value:
            if item not in SEARCH_FILTERS:
                raise Rejected("invalid_filter", value=shorten(item), allowed=", ".join(SEARCH_FILTERS))
        return ",".join(sorted(set(value)))
    if kind == "language":
        if not isinstance(value, str):
            raise Rejected("invalid_type", expected=kind)
        if value not in LANGUAGES:
            raise Rejected("invalid_language", value=shorten(value), allowed=", ".join(LANGUAGES))
        return value
    raise ValueError(kind)


# Words that may carry contact details: e-mail addresses, web addresses (also a domain with
# a path, such as a profile at instagram.com/name), and anything with five or more digits
# (phone numbers, personal identity codes, street numbers with postal codes).
_CONTACT_WORD = re.compile(r"@|://|^www\.|\.[^\W\d_]{2,}/|(?:\d\D*){5,}")
# A word without letters: a number group such as "040", "(09)" or "+358", or a separator
# between groups such as "-", "–" or "/".
_NUMBER_GROUP = re.compile(r"^[\W\d_]+$")
MIN_CONTACT_DIGITS = 5
_NOT_WORD_CHARACTER = re.compile(r"[^\w]+|_")


def _without_number_runs(words):
    """Return `words` without the runs of number groups that have MIN_CONTACT_DIGITS or more
    digits together, because a phone number is often written in groups ("040 123 4567")."""
    remaining = []
    run = []
    # The empty word at the end closes the last run.
    for word in [*words, ""]:
        if _NUMBER_GROUP.match(word):
            run.append(word)
            continue
        if sum(character.isdigit() for character in "".join(run)) < MIN_CONTACT_DIGITS:
            remaining.extend(run)
        run = []
        if word:
            remaining.append(word)
    return remaining


def normalise_search_text(text):
    """Return search text in the form reports group by, without what may identify a person.

    NFKC and case folding make "Jalkapallo" and "JALKAPALLO" one term. Words that look like
    contact details are dropped, punctuation becomes spaces, and the result is cut to
    MAX_SEARCH_TEXT_LENGTH characters at a word boundary.
    """
    words = unicodedata.normalize("NFKC", text).casefold().split()
    safe_words = [word for word in _without_number_runs(words) if not _CONTACT_WORD.search(word)]
    normalised = " ".join(_NOT_WORD_CHARACTER.sub(" ", " ".join(safe_words)).split())
    if len(normalised) > MAX_SEARCH_TEXT_LENGTH:
        normalised = normalised[: MAX_SEARCH_TEXT_LENGTH + 1].rsplit(" ", 1)[0][:MAX_SEARCH_TEXT_LENGTH]
    return normalised


def parse_time(value, now):
    """Return the Helsinki date of an event time, or raise Rejected.

    The time must carry a UTC offset, be at most MAX_CLOCK_LEAD ahead of `now` and at
    most MAX_EVENT_AGE_DAYS Helsinki days before it.
    """
    if not isinstance(value, str):
        raise Rejected("invalid_type", expected="time")
    try:
        moment = dt.datetime.fromisoformat(value) if len(value) <= 40 else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or "T" not in value:
        raise Rejected("invalid_time", value=shorten(value))
    if moment > now + MAX_CLOCK_LEAD:
        raise Rejected("future_time", value=shorten(value), minutes=int(MAX_CLOCK_LEAD.total_seconds() // 60))
    try:
        day = moment.astimezone(HELSINKI).date()
    except OverflowError:  # before 1 January of year 1 in Helsinki: surely too old
        raise Rejected("too_old", value=shorten(value), days=MAX_EVENT_AGE_DAYS) from None
    if day < now.astimezone(HELSINKI).date() - dt.timedelta(days=MAX_EVENT_AGE_DAYS):
        raise Rejected("too_old", value=shorten(value), days=MAX_EVENT_AGE_DAYS)
    return day


def clean_municipality(value, known_codes):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Rejected("invalid_type", expected="municipality")
    if len(value) != 3 or not value.isascii() or not value.isdigit():
        raise Rejected("invalid_municipality", value=shorten(value))
    if value not in known_codes:
        raise Rejected("unknown_municipality", value=value)
    return value


# --- Events --------------------------------------------------------------------------------


def validate_event(event, *, now, known_codes):
    """Return (column values, []) for a valid event, or (None, problems) for an invalid one.

    Every problem is reported, not only the first, so that a client developer can fix an
    event in one round.
    """
    if not isinstance(event, dict):
        return None, [Problem("not_an_object")]
    name = event.get("name")
    fields = EVENT_FIELDS.get(name) if isinstance(name, str) else None
    if fields is None:
        if "name" not in event:
            return None, [Problem("missing_field", "name", {"field": "name", "name": "?"})]
        return None, [Problem("unknown_name", "name", {"value": shorten(name), "allowed": ", ".join(EVENT_NAMES)})]

    if len(event) > MAX_EVENT_FIELDS:
        return None, [Problem("too_many_fields", None, {"count": len(event), "max": MAX_EVENT_FIELDS})]

    problems = []
    allowed = COMMON_FIELDS + tuple(field.name for field in fields)
    for key in event:
        if key not in allowed:
            problems.append(
                Problem("unknown_field", shorten(key), {"field": shorten(key), "name": name, "allowed": ", ".join(allowed)})
            )

    values = {"schema_version": SCHEMA_VERSION, "name": name}
    checks = [("time", "day", lambda value: parse_time(value, now), True)]
    checks.append(("municipality", "municipality_code", lambda value: clean_municipality(value, known_codes), False))
    for field in fields:
        checks.append((field.name, field.column, lambda value, kind=field.kind: clean_value(kind, value), field.required))
    for key, column, clean, required in checks:
        if key not in event:
            if required:
                problems.append(Problem("missing_field", key, {"field": key, "name": name}))
            continue
        try:
            values[column] = clean(event[key])
        except Rejected as rejection:
            params = {"field": key, **rejection.params}
            problems.append(Problem(rejection.code, key, params))
    return (None, problems) if problems else (values, [])


# --- JSON Schema ---------------------------------------------------------------------------

_JSON_TYPES = {
    "id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    "count": {"type": "integer", "minimum": 0, "maximum": MAX_RESULT_COUNT},
    "text": {"type": "string", "maxLength": MAX_SEARCH_INPUT_LENGTH},
    "filters": {"type": "array", "items": {"enum": list(SEARCH_FILTERS)}, "uniqueItems": True},
    "language": {"enum": list(LANGUAGES)},
}


def json_schema(schema_url=None):
    """Return the batch format as a JSON Schema (draft 2020-12) document."""
    definitions = {}
    for name, fields in EVENT_FIELDS.items():
        properties = {
            "name": {"const": str(name)},
            "time": {"type": "string", "format": "date-time", "description": "ISO 8601 with a UTC offset."},
            "municipality": {
                "type": ["string", "null"],
                "pattern": "^[0-9]{3}$",
                "description": "Official code of the municipality of the pupil's chosen place.",
            },
        }
        properties.update({field.name: dict(_JSON_TYPES[field.kind]) for field in fields})
        definitions[str(name)] = {
            "type": "object",
            "required": ["name", "time"] + [field.name for field in fields if field.required],
            "properties": properties,
            "additionalProperties": False,
        }
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Harrastuspassi analytics event batch",
        "description": f"Schema version {SCHEMA_VERSION}. Nothing that identifies a pupil or a device.",
        "type": "object",
        "required": ["schema_version", "events"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "batch_id": {"type": "string", "format": "uuid"},
            "events": {
                "type": "array",
                "maxItems": MAX_BATCH_EVENTS,
                "items": {"oneOf": [{"$ref": f"#/$defs/{name}"} for name in definitions]},
            },
        },
        "additionalProperties": False,
        "$defs": definitions,
    }
    if schema_url:
        schema["$id"] = schema_url
    return schema
