import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from core import testing
from hobbies.models import HobbyEvent, WeeklySchedule
from hobbies.timeutils import local_datetime, local_today


def run(command, *args):
    output = io.StringIO()
    with translation.override("en"):
        call_command(command, *args, stdout=output)
    return output.getvalue().strip()


@pytest.mark.django_db
def test_materialise_schedules_creates_sessions_up_to_horizon(hobby):
    today = local_today()
    rule = WeeklySchedule.objects.create(
        hobby=hobby,
        weekdays=[today.isoweekday()],
        start_time=dt.time(23, 0),
        end_time=dt.time(23, 30),
        first_date=today + dt.timedelta(days=7),
        last_date=today + dt.timedelta(days=27),
    )

    output = run("materialise_schedules")

    assert output == "Sessions: 3 created, 0 updated, 0 deleted, 0 unchanged"
    assert list(rule.sessions.values_list("start_date", flat=True).order_by("start_date")) == [
        today + dt.timedelta(days=7),
        today + dt.timedelta(days=14),
        today + dt.timedelta(days=21),
    ]
    assert run("materialise_schedules") == "Sessions: 0 created, 0 updated, 0 deleted, 3 unchanged"


@pytest.mark.django_db
def test_refresh_next_events_moves_past_next_session_forward(hobby):
    now = timezone.now()
    ended = testing.make_session(hobby, now - dt.timedelta(hours=3), dt.timedelta(hours=1))
    following = HobbyEvent.objects.create(
        hobby=hobby, start_at=now + dt.timedelta(days=1), end_at=now + dt.timedelta(days=1, hours=1)
    )
    hobby.refresh_from_db()
    hobby.next_event = ended
    hobby.save(update_fields=["next_event"])

    output = run("refresh_next_events")

    assert output == "Refreshed the next session of 1 hobbies."
    hobby.refresh_from_db()
    assert hobby.next_event == following


@pytest.mark.django_db
def test_refresh_next_events_all_sets_missing_next_session(hobby):
    start = local_datetime(local_today() + dt.timedelta(days=2), dt.time(17, 0))
    session = HobbyEvent.objects.create(
        hobby=hobby, start_at=start, end_at=start + dt.timedelta(hours=1)
    )
    assert hobby.next_event is None

    output = run("refresh_next_events", "--all")

    assert output == "Refreshed the next session of 1 hobbies."
    hobby.refresh_from_db()
    assert hobby.next_event == session


@pytest.mark.django_db
def test_rebuild_search_index_prints_finnish(hobby):
    output = io.StringIO()

    with translation.override("fi"):
        call_command("rebuild_search_index", stdout=output, stderr=io.StringIO())

    assert output.getvalue().startswith("Kirjoitettiin ")
    assert output.getvalue().strip().endswith(" hakusanaa.")
