"""Europe/Helsinki wall-clock time, kept right across daylight-saving changes.

Finland moves clocks forward at 03:00 on the last Sunday of March (03:00-03:59 does not
exist) and back at 04:00 on the last Sunday of October (03:00-03:59 happens twice).
"""

import datetime as dt
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")


def local_datetime(day, time_of_day):
    """Return the aware datetime for a Helsinki wall-clock date and time.

    A time in the spring-forward gap moves one hour later (03:30 becomes 04:30 summer
    time); a repeated time in October takes its first, summer-time occurrence.
    """
    naive = dt.datetime.combine(day, time_of_day.replace(tzinfo=None))
    aware = naive.replace(tzinfo=HELSINKI, fold=0)
    return aware.astimezone(dt.UTC).astimezone(HELSINKI)


def session_span(day, start_time, end_time, end_day=None):
    """Return the aware (start, end) of a session given in Helsinki wall-clock time.

    A start in the spring-forward gap moves one hour later, as in local_datetime. When that
    puts the end at or before the start (03:30-04:30 on the last Sunday of March), the
    session keeps its planned length instead, so no session is empty or ends before it starts.
    """
    end_day = end_day or day
    start_at = local_datetime(day, start_time)
    end_at = local_datetime(end_day, end_time)
    if end_at <= start_at:
        planned = dt.datetime.combine(end_day, end_time.replace(tzinfo=None)) - dt.datetime.combine(
            day, start_time.replace(tzinfo=None)
        )
        if planned > dt.timedelta(0):
            end_at = (start_at + planned).astimezone(HELSINKI)
    return start_at, end_at


def wall_time_exists(day, time_of_day):
    """Return False for a Helsinki wall-clock time in the spring-forward gap, such as 03:30
    on the last Sunday of March."""
    return local_datetime(day, time_of_day).replace(tzinfo=None) == dt.datetime.combine(
        day, time_of_day.replace(tzinfo=None)
    )


def to_local(moment):
    """Return `moment` in Helsinki time; a naive value is taken as Helsinki wall time."""
    if moment.tzinfo is None:
        return local_datetime(moment.date(), moment.time())
    return moment.astimezone(HELSINKI)


def local_datetime_format():
    """Return the active language's date and time format in Django's format characters."""
    from django.utils.translation import pgettext

    return pgettext("date and time format", "D j M Y H:i")


def format_local_datetime(moment):
    """Format an aware datetime in Helsinki time as the active language writes dates for
    people: "Fri 4 Dec 2026 14:30" in English, "pe 4.12.2026 klo 14.30" in Finnish."""
    from django.utils import dateformat

    return dateformat.format(to_local(moment), local_datetime_format())


def local_today(now=None):
    return to_local(now or dt.datetime.now(dt.UTC)).date()


def school_year_start(day):
    """Return 1 August of the school year that `day` belongs to (August to July)."""
    year = day.year if day.month >= 8 else day.year - 1
    return dt.date(year, 8, 1)
