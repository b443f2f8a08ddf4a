"""Rejection reasons of the event endpoint and the app store upload, each with a stable code.

Clients branch on the code; the message is for people and follows the request's language.
"""

from django.utils.translation import gettext_lazy as _

EVENT_MESSAGES = {
    "not_an_object": _("The event must be a JSON object."),
    "unknown_name": _("Unknown event name “%(value)s”. Known names: %(allowed)s."),
    "missing_field": _("The field “%(field)s” is required for the event “%(name)s”."),
    "unknown_field": _(
        "The field “%(field)s” is not part of the event “%(name)s”. Its fields are: %(allowed)s."
    ),
    "too_many_fields": _(
        "The event has %(count)s fields, but an event has at most %(max)s, so its fields were not checked one by one."
    ),
    "invalid_type": _("The field “%(field)s” must be %(expected)s."),
    "invalid_time": _(
        "“%(value)s” is not a time in ISO 8601 form with a UTC offset, "
        "for example 2027-02-03T17:30:00+02:00."
    ),
    "future_time": _(
        "The time %(value)s is in the future: events may be at most %(minutes)s minutes "
        "ahead of the server clock."
    ),
    "too_old": _("The time %(value)s is more than %(days)s days ago: older events are not accepted."),
    "invalid_municipality": _(
        "“%(value)s” is not a municipality code: use the official three-digit code, for example 091."
    ),
    "unknown_municipality": _("There is no municipality with the code %(value)s."),
    "invalid_filter": _("“%(value)s” is not a search filter. Known filters: %(allowed)s."),
    "invalid_language": _("“%(value)s” is not a supported language. Use one of: %(allowed)s."),
    "too_long": _("The field “%(field)s” has %(length)s characters, but at most %(max)s are accepted."),
    "batch_too_large": _(
        "The batch has %(count)s events, but at most %(max)s are accepted, so this event was "
        "not stored. Send it again in a later batch."
    ),
}

BATCH_MESSAGES = {
    "invalid_json": _("The request body is not valid JSON."),
    "invalid_batch": _(
        "The request body must be a JSON object with “schema_version” (a number) and “events” (a list)."
    ),
    "unknown_batch_field": _(
        "The field “%(field)s” is not part of a batch. Its fields are: schema_version, events, batch_id."
    ),
    "unsupported_schema_version": _(
        "Schema version %(value)s is not supported. Supported versions: %(supported)s."
    ),
    "invalid_batch_id": _("The batch_id “%(value)s” is not a UUID."),
    "too_many_events": _(
        "The batch has %(count)s events, but at most %(max)s are accepted and at most %(listed)s are read: "
        "send at most %(max)s events in a batch."
    ),
    "payload_too_large": _("The request body has %(size)s bytes, but at most %(max)s are accepted."),
    "rate_limited": _("Too many requests from this address. Try again in %(seconds)s seconds."),
}

# Words that fill %(expected)s in "invalid_type".
EXPECTED_TYPES = {
    "id": _("a positive integer"),
    "count": _("an integer of 0 or more"),
    "text": _("a string"),
    "time": _("a string"),
    "municipality": _("a string or null"),
    "filters": _("a list of strings"),
    "language": _("a string"),
}

UPLOAD_MESSAGES = {
    "not_utf8": _("The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8”."),
    "empty_file": _("The file has no rows."),
    "bad_header": _("The first row must be the column names %(expected)s, not %(found)s."),
    "missing_value": _("The column “%(column)s” is empty."),
    "bad_month": _("“%(value)s” is not a month in the form YYYY-MM."),
    "future_month": _("The month %(value)s has not started yet."),
    "bad_store": _("“%(value)s” is not a store. Use one of: %(allowed)s."),
    "bad_downloads": _("“%(value)s” is not a whole number of 0 or more."),
    "duplicate_row": _("The month %(month)s and store %(store)s are already on row %(row)s."),
    "too_many_rows": _("The file has more than %(max)s rows."),
}


def message(catalogue, code, **params):
    """Return the translated message for `code` in the active language, with its parameters."""
    text = catalogue[code]
    return str(text) % params if params else str(text)
