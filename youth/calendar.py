"""iCalendar (RFC 5545) files of one session or of a weekly series, with the standard library.

Times are Europe/Helsinki wall-clock times with TZID and a VTIMEZONE block, so a calendar
shows 17:30 on both sides of a daylight-saving change. Lines end in CRLF and are folded at
75 octets. UIDs depend only on the session or schedule id, so downloading the same file
again updates the event instead of adding a copy.
"""

import datetime as dt

from django.utils.translation import gettext as _

from core.i18n import translated_value
from hobbies.timeutils import local_datetime, to_local

PRODUCT_ID = "-//Harrastuspassi//Youth app//EN"
UID_DOMAIN = "harrastuspassi.fi"
MAX_LINE_OCTETS = 75
ICAL_WEEKDAYS = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}

# Europe/Helsinki since 1981 under the EU rule: summer time from 03:00 EET on the last
# Sunday of March to 04:00 EEST on the last Sunday of October. Each DTSTART is in the
# offset in force before the change, as RFC 5545 requires.
HELSINKI_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Helsinki",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0300",
    "TZNAME:EEST",
    "DTSTART:19810329T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0300",
    "TZOFFSETTO:+0200",
    "TZNAME:EET",
    "DTSTART:19811025T040000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape_text(value):
    """Escape a TEXT value: backslash, semicolon, comma and newlines."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold_line(line):
    """Fold a content line into lines of at most 75 octets, never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_LINE_OCTETS:
        return line
    parts = []
    current = ""
    limit = MAX_LINE_OCTETS
    for character in line:
        if len((current + character).encode("utf-8")) > limit:
            parts.append(current)
            current = ""
            limit = MAX_LINE_OCTETS - 1  # continuation lines start with a space
        current += character
    parts.append(current)
    return "\r\n ".join(parts)


def local_stamp(moment):
    return to_local(moment).strftime("%Y%m%dT%H%M%S")


def utc_stamp(moment):
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def hobby_name(hobby, language):
    """Return the hobby's name in `language` or the fallback order, never an empty string."""
    return translated_value(hobby, "name", language) or _("Hobby %(id)s") % {"id": hobby.pk}


def _location_text(location, language):
    if location is None:
        return ""
    parts = [translated_value(location, "name", language), translated_value(location, "street_address", language)]
    city = " ".join(part for part in (location.postal_code, translated_value(location, "city", language)) if part)
    parts.append(city)
    return ", ".join(part for part in parts if part)


def _description(hobby, language, url):
    text = translated_value(hobby, "short_description", language) or translated_value(hobby, "description", language)
    return "\n\n".join(part for part in (text, url) if part)


def _common_properties(hobby, language, url):
    lines = [
        f"SUMMARY:{escape_text(hobby_name(hobby, language))}",
        f"DESCRIPTION:{escape_text(_description(hobby, language, url))}",
        f"URL:{url}",
    ]
    location = hobby.location
    place = _location_text(location, language)
    if place:
        lines.append(f"LOCATION:{escape_text(place)}")
    if location is not None and location.has_coordinates:
        lines.append(f"GEO:{location.latitude:.6f};{location.longitude:.6f}")
    return lines


def _calendar(events):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT_ID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    lines += HELSINKI_VTIMEZONE
    lines += events
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)


def session_calendar(session, *, language, url):
    """Return the .ics text of one session of `session.hobby`."""
    hobby = session.hobby
    lines = ["BEGIN:VEVENT", f"UID:session-{session.pk}@{UID_DOMAIN}", f"DTSTAMP:{utc_stamp(hobby.updated_at)}"]
    if session.is_all_day:
        end_date = session.end_date if session.end_date > session.start_date else session.start_date
        lines += [
            f"DTSTART;VALUE=DATE:{session.start_date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end_date + dt.timedelta(days=1):%Y%m%d}",
        ]
    else:
        lines += [
            f"DTSTART;TZID=Europe/Helsinki:{local_stamp(session.start_at)}",
            f"DTEND;TZID=Europe/Helsinki:{local_stamp(session.end_at)}",
        ]
    lines += _common_properties(hobby, language, url)
    lines.append("STATUS:CANCELLED" if session.is_cancelled else "STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return _calendar(lines)


def first_occurrence(schedule):
    """Return the first date on or after first_date that falls on one of the rule's weekdays."""
    day = schedule.first_date
    for _offset in range(7):
        if day.isoweekday() in schedule.weekdays:
            return day
        day += dt.timedelta(days=1)
    return None


def schedule_calendar(schedule, *, language, url, cancelled_dates=()):
    """Return the .ics text of a weekly schedule as one recurring event.

    The schedule's exception dates and `cancelled_dates` (dates of its cancelled sessions)
    become EXDATEs. Returns None when the rule has no occurrence at all.
    """
    hobby = schedule.hobby
    first = first_occurrence(schedule)
    if first is None or first > schedule.last_date:
        return None
    start = local_datetime(first, schedule.start_time)
    end = local_datetime(first, schedule.end_time)
    until = local_datetime(schedule.last_date, schedule.start_time)
    weekdays = ",".join(ICAL_WEEKDAYS[day] for day in sorted(schedule.weekdays))
    lines = [
        "BEGIN:VEVENT",
        f"UID:schedule-{schedule.pk}@{UID_DOMAIN}",
        f"DTSTAMP:{utc_stamp(max(hobby.updated_at, schedule.updated_at))}",
        f"DTSTART;TZID=Europe/Helsinki:{local_stamp(start)}",
        f"DTEND;TZID=Europe/Helsinki:{local_stamp(end)}",
        f"RRULE:FREQ=WEEKLY;BYDAY={weekdays};UNTIL={utc_stamp(until)}",
    ]
    skipped = {
        day
        for day in set(schedule.exception_date_set) | set(cancelled_dates)
        if first <= day <= schedule.last_date and day.isoweekday() in schedule.weekdays
    }
    for day in sorted(skipped):
        lines.append(f"EXDATE;TZID=Europe/Helsinki:{local_stamp(local_datetime(day, schedule.start_time))}")
    lines += _common_properties(hobby, language, url)
    lines.append("STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return _calendar(lines)
