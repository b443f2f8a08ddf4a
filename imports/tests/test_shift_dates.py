"""--shift-dates: past seasons move into the current school year in whole 52-week steps."""

import datetime as dt
import json
import shutil

import pytest

from hobbies.models import Hobby
from hobbies.timeutils import local_datetime
from imports.hobbyt import HOBBYT_DIR, import_hobbyt
from imports.linkedevents import LinkedEventsImporter
from imports.linkedevents_sources import read_event_files

pytestmark = [pytest.mark.shared_data, pytest.mark.usefixtures("reference_data")]

# A fixed "now" in the school year 2026-2027, so that the expected dates do not depend on
# the day the tests run.
NOW = local_datetime(dt.date(2026, 12, 4), dt.time(12, 0))
SCHOOL_YEAR = (dt.date(2026, 8, 1), dt.date(2027, 7, 31))


def hobbyt_folder(shared_data_dir, tmp_path, activity_ids):
    folder = tmp_path / "hobbyt"
    shutil.copytree(shared_data_dir / HOBBYT_DIR, folder)
    activities = json.loads((folder / "activities.json").read_text(encoding="utf-8"))
    selected = [item for item in activities if item["id"] in activity_ids]
    (folder / "activities.json").write_text(json.dumps(selected), encoding="utf-8")
    return folder


@pytest.mark.django_db
def test_weekly_rule_shift_keeps_weekday_and_wall_time(shared_data_dir, tmp_path):
    # Breakdance Pukinmäki: Mondays 19:00-20:00 from 9 January to 19 May 2019.
    folder = hobbyt_folder(shared_data_dir, tmp_path, {"10225"})

    _providers, stats = import_hobbyt(folder, shift_dates=True, now=NOW)

    assert stats.created == 1
    hobby = Hobby.objects.get(origin_id="10225")
    assert hobby.demo_shift_weeks == 416
    assert hobby.has_demo_dates
    (rule,) = hobby.schedules.all()
    assert (rule.first_date, rule.last_date) == (dt.date(2026, 12, 30), dt.date(2027, 5, 9))
    assert SCHOOL_YEAR[0] <= rule.first_date <= SCHOOL_YEAR[1]
    sessions = list(hobby.events.order_by("start_at"))
    assert len(sessions) == 18
    # Winter and summer time alike: every session is on a Monday at 19:00 Helsinki time.
    assert {
        (session.start_weekday, session.start_time, session.end_time) for session in sessions
    } == {(1, dt.time(19, 0), dt.time(20, 0))}
    assert sessions[0].start_date == dt.date(2027, 1, 4)
    assert sessions[-1].start_date == dt.date(2027, 5, 3)
    assert hobby.next_event == sessions[0]

    _providers, again = import_hobbyt(folder, shift_dates=True, now=NOW)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert hobby.events.count() == 18


@pytest.mark.django_db
def test_session_shift_keeps_weekday_and_wall_time(shared_data_dir):
    events = read_event_files([shared_data_dir / "turku-linkedevents/event_sample_hobbies.json"])
    importer = LinkedEventsImporter(shift_dates=True, now=NOW)
    importer.import_events(events)

    swim = Hobby.objects.get(origin_id="turku:991417")
    assert swim.demo_shift_weeks == 260
    (session,) = swim.events.all()
    # Tuesday 14 June 2022 at 19:30 becomes Tuesday 8 June 2027 at 19:30.
    assert (session.start_date, session.start_weekday, session.start_time) == (
        dt.date(2027, 6, 8),
        2,
        dt.time(19, 30),
    )
    assert session.end_time == dt.time(20, 15)

    again = LinkedEventsImporter(shift_dates=True, now=NOW)
    again.import_events(events)
    assert (again.stats.updated, again.stats.unchanged) == (0, 1)


@pytest.mark.django_db
def test_dates_kept_without_shift(shared_data_dir, tmp_path):
    folder = hobbyt_folder(shared_data_dir, tmp_path, {"10225"})
    import_hobbyt(folder, shift_dates=True, now=NOW)

    _providers, stats = import_hobbyt(folder, shift_dates=False, now=NOW)

    assert stats.updated == 1
    hobby = Hobby.objects.get(origin_id="10225")
    assert hobby.demo_shift_weeks == 0
    assert hobby.schedules.get().first_date == dt.date(2019, 1, 9)
    # The season is over: the future sessions of the shifted rule are gone, none replace them.
    assert not hobby.events.exists()
    assert hobby.next_event is None


@pytest.mark.django_db
def test_season_not_yet_ended_is_not_shifted(shared_data_dir, tmp_path):
    # Aikido, Aalto Aikikai: the source's all-year dates, which become the current school year.
    folder = hobbyt_folder(shared_data_dir, tmp_path, {"20000"})

    import_hobbyt(folder, shift_dates=True, now=NOW)

    hobby = Hobby.objects.get(origin_id="20000")
    assert hobby.demo_shift_weeks == 0
    assert hobby.schedules.get().first_date == dt.date(2026, 8, 1)
    assert hobby.events.filter(start_date__lt=NOW.date()).count() == 0
    assert hobby.events.exists()
