"""Parsing of query parameters. Each parser raises a DRF ValidationError keyed by the
parameter's name, so a malformed value gives a 400 that names it."""

import datetime as dt
import math
import re

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from . import errors

TRUE_VALUES = {"true", "1", "yes"}
FALSE_VALUES = {"false", "0", "no"}
# The range of a 64-bit signed integer, the widest integer column of SQLite and PostgreSQL.
# Ids and counts outside it cannot match a row, and SQLite raises OverflowError on them.
MIN_DATABASE_INTEGER, MAX_DATABASE_INTEGER = -(2**63), 2**63 - 1
INTEGER_PATTERN = re.compile(r"[+-]?[0-9]+")
# fromisoformat also reads week dates (2026W011), basic forms (20261201) and times with a UTC
# offset (17:00+03) or a decimal fraction (17.50), none of which the messages promise.
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
TIME_PATTERN = re.compile(r"[0-9]{2}:[0-9]{2}(:[0-9]{2})?")


def _fail(name, code, **params):
    error = errors.message(code, **params)
    raise serializers.ValidationError({name: [ErrorDetail(error.messages[0], code=code)]})


class QueryParams:
    """Typed access to request.query_params; every getter returns None when the key is absent."""

    def __init__(self, query_params):
        self.query_params = query_params

    def reject_nul_characters(self):
        """Raise a 400 naming the first parameter whose name or value holds a NUL character.

        PostgreSQL text cannot store NUL, so such a value would fail inside a query.
        """
        for name, values in self.query_params.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                _fail(name, "nul_character")

    def values(self, name):
        """Return the non-empty values of a parameter that may be repeated (?a=1&a=2 or ?a=1,2)."""
        result = []
        for raw in self.query_params.getlist(name):
            result += [part.strip() for part in raw.split(",") if part.strip()]
        return result

    def raw(self, name):
        values = self.values(name)
        if not values:
            return None
        if len(set(values)) > 1:
            _fail(name, "conflicting_values", values=", ".join(values))
        return values[0]

    def boolean(self, name):
        """True for true/1/yes, False otherwise; any other value leaves the filter off, as in v1."""
        value = self.raw(name)
        return value is not None and value.lower() in TRUE_VALUES

    def integer(self, name, *, minimum=None, maximum=None, range_shown=None):
        value = self.raw(name)
        if value is None:
            return None
        return parse_integer(name, value, minimum=minimum, maximum=maximum, range_shown=range_shown)

    def identifier(self, name):
        """Return the id in parameter `name`: ids are positive, so 0 or -3 is a 400."""
        return self.integer(name, minimum=1, maximum=MAX_DATABASE_INTEGER)

    def identifiers(self, name):
        return self.integers(name, minimum=1, maximum=MAX_DATABASE_INTEGER)

    def integers(self, name, *, minimum=None, maximum=None):
        return [parse_integer(name, value, minimum=minimum, maximum=maximum) for value in self.values(name)]

    def number(self, name, *, minimum=None, maximum=None):
        value = self.raw(name)
        if value is None:
            return None
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            _fail(name, "invalid_number", value=value)
        _check_range(name, number, minimum, maximum)
        return number

    def choice(self, name, choices):
        value = self.raw(name)
        if value is not None and value not in choices:
            _fail(name, "invalid_choice", value=value, choices=", ".join(choices))
        return value

    def choices(self, name, choices):
        values = self.values(name)
        for value in values:
            if value not in choices:
                _fail(name, "invalid_choice", value=value, choices=", ".join(choices))
        return values

    def date(self, name):
        value = self.raw(name)
        if value is None:
            return None
        try:
            if not DATE_PATTERN.fullmatch(value):
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            _fail(name, "invalid_date", value=value)

    def time(self, name):
        value = self.raw(name)
        if value is None:
            return None
        try:
            if not TIME_PATTERN.fullmatch(value):
                raise ValueError(value)
            return dt.time.fromisoformat(value)
        except ValueError:
            _fail(name, "invalid_time", value=value)

    def moment(self, name):
        """Return an aware datetime; a bare date means its midnight in Helsinki time."""
        value = self.raw(name)
        if value is None:
            return None
        from hobbies.timeutils import local_datetime, to_local

        try:
            parsed = parse_datetime(value.replace(" ", "+"))
        except ValueError:
            parsed = None
        try:
            if parsed is None:
                try:
                    day = dt.date.fromisoformat(value)
                except ValueError:
                    _fail(name, "invalid_datetime", value=value)
                parsed = local_datetime(day, dt.time(0))
            elif timezone.is_naive(parsed):
                parsed = to_local(parsed)
            # The database stores UTC: a moment that has no UTC year between 1 and 9999 (such as
            # 0001-01-01 in Helsinki) would fail there, so it is rejected here.
            parsed.astimezone(dt.UTC)
        except OverflowError:
            _fail(name, "datetime_out_of_range", value=value)
        return parsed


def parse_integer(name, value, *, minimum=None, maximum=None, range_shown=None):
    """Return `value` as an int within [minimum, maximum], which default to the database's range.

    `range_shown` is the (min, max) that an error message gives, where larger values are
    accepted but clamped by the caller.
    """
    # int() also reads "1_000", spaces and other scripts' digits ("١٢"), which no client means.
    if not isinstance(value, str) or not INTEGER_PATTERN.fullmatch(value):
        _fail(name, "invalid_integer", value=value)
    number = int(value)
    minimum = MIN_DATABASE_INTEGER if minimum is None else minimum
    maximum = MAX_DATABASE_INTEGER if maximum is None else maximum
    _check_range(name, number, minimum, maximum, shown=range_shown)
    return number


def _format_number(number):
    return str(number) if isinstance(number, int) else f"{number:g}"


def _check_range(name, number, minimum, maximum, shown=None):
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        shown_minimum, shown_maximum = shown or (minimum, maximum)
        _fail(
            name,
            "out_of_range",
            value=_format_number(number),
            min="−∞" if shown_minimum is None else _format_number(shown_minimum),
            max="∞" if shown_maximum is None else _format_number(shown_maximum),
        )
