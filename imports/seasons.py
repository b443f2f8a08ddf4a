"""Moving past seasons into the current school year for demonstrations (--shift-dates).

The real records are from seasons 2015-2020, so without a shift every hobby would be over.
A record whose season ended before today moves forward by whole 52-week steps (364 days),
which keeps each session's weekday and, because times are re-applied as Helsinki wall
time, its wall-clock time. The number of steps is the smallest that makes the season start
on or after 1 August of the current school year. One step is shorter than a school year, so
the shifted start always falls inside that school year. The result depends only on
the record and today's date, so a re-run on the same day changes nothing.
"""

import datetime as dt
import math

from hobbies.timeutils import local_datetime, school_year_start, to_local

DAYS_PER_STEP = 364
WEEKS_PER_STEP = 52


def shift_weeks(season_start, season_end, today):
    """Return the weeks (a multiple of 52) by which a season should move, or 0 to keep it."""
    if season_start is None or season_end is None or season_end >= today:
        return 0
    target = school_year_start(today)
    if season_start >= target:
        return 0
    steps = math.ceil((target - season_start).days / DAYS_PER_STEP)
    return steps * WEEKS_PER_STEP


def shift_date(day, weeks):
    return day + dt.timedelta(weeks=weeks) if weeks else day


def shift_moment(moment, weeks):
    """Move an aware datetime by `weeks`, keeping its Helsinki wall-clock time across DST."""
    if not weeks:
        return moment
    local = to_local(moment)
    return local_datetime(local.date() + dt.timedelta(weeks=weeks), local.time())
