"""Weekly rules become dated sessions, right across daylight-saving changes."""

import datetime as dt

import pytest

from hobbies.models import HobbyEvent, WeeklySchedule
from hobbies.schedules import materialise_schedule
from hobbies.timeutils import HELSINKI, local_datetime

pytestmark = pytest.mark.django_db


def make_rule(hobby, **fields):
    values = {
        "weekdays": [7],
        "start_time": dt.time(17, 30),
        "end_time": dt.time(19, 0),
        "first_date": dt.date(2027, 1, 1),
        "last_date": dt.date(2027, 12, 31),
    }
    values.update(fields)
    schedule = WeeklySchedule(hobby=hobby, **values)
    schedule.full_clean()
    schedule.save()
    return schedule


def helsinki(year, month, day, hour=12, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=HELSINKI)


def test_spring_forward_keeps_wall_clock_time(hobby):
    # The last Sunday of March 2027 is the 28th; clocks go from +02:00 to +03:00.
    schedule = make_rule(hobby, first_date=dt.date(2027, 3, 21), last_date=dt.date(2027, 4, 4))
    materialise_schedule(schedule, now=helsinki(2027, 3, 1))
    sessions = list(HobbyEvent.objects.filter(schedule=schedule).order_by("start_at"))
    assert [event.start_date for event in sessions] == [dt.date(2027, 3, 21), dt.date(2027, 3, 28), dt.date(2027, 4, 4)]
    assert {event.start_time for event in sessions} == {dt.time(17, 30)}
    assert [event.start_at.utcoffset() for event in sessions] == [dt.timedelta(0)] * 3
    assert [event.start_at.astimezone(dt.UTC).hour for event in sessions] == [15, 14, 14]
    assert {event.start_weekday for event in sessions} == {7}


def test_fall_back_keeps_wall_clock_time(hobby):
    # The last Sunday of October 2027 is the 31st; clocks go from +03:00 to +02:00.
    schedule = make_rule(hobby, first_date=dt.date(2027, 10, 24), last_date=dt.date(2027, 11, 7))
    materialise_schedule(schedule, now=helsinki(2027, 10, 1))
    sessions = list(HobbyEvent.objects.filter(schedule=schedule).order_by("start_at"))
    assert [event.start_at.astimezone(dt.UTC).hour for event in sessions] == [14, 15, 15]
    assert {event.end_time for event in sessions} == {dt.time(19, 0)}
    assert all((event.end_at - event.start_at) == dt.timedelta(minutes=90) for event in sessions)


def test_session_in_spring_gap_moves_one_hour_later(hobby):
    schedule = make_rule(
        hobby, start_time=dt.time(3, 30), end_time=dt.time(5, 0),
        first_date=dt.date(2027, 3, 28), last_date=dt.date(2027, 3, 28),
    )
    materialise_schedule(schedule, now=helsinki(2027, 3, 1))
    event = HobbyEvent.objects.get(schedule=schedule)
    assert event.start_time == dt.time(4, 30)
    assert event.end_at - event.start_at == dt.timedelta(minutes=30)


@pytest.mark.parametrize(("end", "length"), [(dt.time(4, 30), 60), (dt.time(4, 15), 45)])
def test_session_ending_inside_spring_gap_keeps_its_length(hobby, end, length):
    schedule = make_rule(
        hobby, start_time=dt.time(3, 30), end_time=end,
        first_date=dt.date(2027, 3, 20), last_date=dt.date(2027, 4, 10),
    )

    materialise_schedule(schedule, now=helsinki(2027, 3, 1))

    event = HobbyEvent.objects.get(schedule=schedule, start_date=dt.date(2027, 3, 28))
    assert event.start_time == dt.time(4, 30)
    assert event.end_at - event.start_at == dt.timedelta(minutes=length)
    assert HobbyEvent.objects.filter(schedule=schedule).count() == 3


def test_materialise_all_skips_failing_schedule(hobby, monkeypatch):
    from hobbies import schedules

    broken = make_rule(hobby, first_date=dt.date(2027, 3, 1), last_date=dt.date(2027, 3, 31))
    working = make_rule(hobby, weekdays=[1], first_date=dt.date(2027, 3, 1), last_date=dt.date(2027, 3, 31))
    original = schedules.materialise_schedule

    def fail_for_broken(schedule, **kwargs):
        if schedule.pk == broken.pk:
            raise ValueError("broken rule")
        return original(schedule, **kwargs)

    monkeypatch.setattr(schedules, "materialise_schedule", fail_for_broken)

    result = schedules.materialise_all(now=helsinki(2027, 2, 1))

    assert result.failed == 1
    assert HobbyEvent.objects.filter(schedule=working).count() == 5
    assert not HobbyEvent.objects.filter(schedule=broken).exists()


def test_repeated_october_hour_takes_summer_time(hobby):
    start = local_datetime(dt.date(2027, 10, 31), dt.time(3, 30))
    assert start.utcoffset() == dt.timedelta(hours=3)


def test_no_sessions_in_the_past(hobby):
    schedule = make_rule(hobby, weekdays=[1, 2, 3, 4, 5, 6, 7], first_date=dt.date(2027, 2, 1), last_date=dt.date(2027, 2, 28))
    # 10 February 2027 at 18:00: that day's 17:30-19:00 session has not ended, so it counts.
    materialise_schedule(schedule, now=helsinki(2027, 2, 10, 18))
    dates = sorted(HobbyEvent.objects.filter(schedule=schedule).values_list("start_date", flat=True))
    assert dates[0] == dt.date(2027, 2, 10)
    assert dates[-1] == dt.date(2027, 2, 28)
    assert len(dates) == 19


def test_today_session_that_has_ended_is_not_created(hobby):
    schedule = make_rule(hobby, weekdays=[3], first_date=dt.date(2027, 2, 10), last_date=dt.date(2027, 2, 10))
    materialise_schedule(schedule, now=helsinki(2027, 2, 10, 19, 1))
    assert not HobbyEvent.objects.filter(schedule=schedule).exists()


def test_sessions_only_up_to_twelve_months_ahead(hobby, settings):
    schedule = make_rule(hobby, weekdays=[1], first_date=dt.date(2027, 1, 1), last_date=dt.date(2030, 12, 31))
    materialise_schedule(schedule, now=helsinki(2027, 1, 1))
    last = HobbyEvent.objects.filter(schedule=schedule).order_by("-start_at").first()
    assert last.start_date <= dt.date(2027, 1, 1) + dt.timedelta(days=settings.SCHEDULE_HORIZON_DAYS)
    assert last.start_date > dt.date(2027, 12, 1)


def test_exception_dates_are_skipped(hobby):
    schedule = make_rule(
        hobby, weekdays=[2], first_date=dt.date(2027, 10, 5), last_date=dt.date(2027, 10, 26),
        exception_dates=["2027-10-19"],
    )
    materialise_schedule(schedule, now=helsinki(2027, 9, 1))
    dates = list(HobbyEvent.objects.filter(schedule=schedule).order_by("start_at").values_list("start_date", flat=True))
    assert dates == [dt.date(2027, 10, 5), dt.date(2027, 10, 12), dt.date(2027, 10, 26)]


def test_rerun_keeps_ids_and_cancellations(hobby):
    schedule = make_rule(hobby, weekdays=[2], first_date=dt.date(2027, 10, 5), last_date=dt.date(2027, 10, 26))
    now = helsinki(2027, 9, 1)
    first = materialise_schedule(schedule, now=now)
    ids = set(HobbyEvent.objects.filter(schedule=schedule).values_list("id", flat=True))
    HobbyEvent.objects.filter(schedule=schedule, start_date=dt.date(2027, 10, 12)).update(is_cancelled=True)
    second = materialise_schedule(schedule, now=now)
    assert first.created == 4
    assert (second.created, second.updated, second.deleted, second.unchanged) == (0, 0, 0, 4)
    assert set(HobbyEvent.objects.filter(schedule=schedule).values_list("id", flat=True)) == ids
    assert HobbyEvent.objects.get(schedule=schedule, start_date=dt.date(2027, 10, 12)).is_cancelled


def test_changed_rule_updates_future_and_keeps_past(hobby):
    schedule = make_rule(hobby, weekdays=[2], first_date=dt.date(2027, 10, 5), last_date=dt.date(2027, 10, 26))
    materialise_schedule(schedule, now=helsinki(2027, 9, 1))
    schedule.start_time, schedule.end_time = dt.time(18), dt.time(19, 30)
    schedule.exception_dates = ["2027-10-26"]
    schedule.save()
    result = materialise_schedule(schedule, now=helsinki(2027, 10, 13))
    sessions = {event.start_date: event.start_time for event in HobbyEvent.objects.filter(schedule=schedule)}
    assert sessions == {
        dt.date(2027, 10, 5): dt.time(17, 30),
        dt.date(2027, 10, 12): dt.time(17, 30),
        dt.date(2027, 10, 19): dt.time(18, 0),
    }
    assert (result.updated, result.deleted) == (1, 1)
