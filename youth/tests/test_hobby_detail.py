"""The hobby page and its calendar files."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core import testing
from hobbies.models import Hobby, WeeklySchedule
from hobbies.timeutils import local_datetime
from youth.tests.conftest import next_weekday, url

pytestmark = pytest.mark.django_db


def unfold(text):
    """Join folded iCalendar lines (CRLF followed by a space)."""
    return text.replace("\r\n ", "")


def ics_lines(response):
    return unfold(response.content.decode("utf-8")).split("\r\n")


def test_detail_shows_facts_map_and_actions(client, catalogue):
    hobby = catalogue["football"]
    content = client.get(reverse("youth:hobby-detail", args=[hobby.pk]), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "<h1>Jalkapallokerho Pallo</h1>" in content
    assert "Jalkapallo" in content  # category
    assert hobby.provider.name_fi in content
    assert "12–14" in content
    assert 'data-map="point"' in content
    assert "openstreetmap.org/directions?to=60.171000%2C24.941000" in content
    assert "data-share" in content
    assert f'data-favourite="{hobby.pk}"' in content
    assert f'data-track-hobby="{hobby.pk}"' in content


def test_detail_lists_upcoming_sessions_only(client, catalogue):
    hobby = catalogue["band"]
    now = timezone.now()
    past = testing.make_session(hobby, now - dt.timedelta(days=2))
    cancelled = testing.make_session(hobby, now + dt.timedelta(days=30), is_cancelled=True)
    response = client.get(reverse("youth:hobby-detail", args=[hobby.pk]))
    shown = [session.pk for session in response.context["sessions"]]
    assert past.pk not in shown
    assert shown[-1] == cancelled.pk
    content = response.content.decode()
    assert reverse("youth:session-calendar", args=[shown[0]]) in content
    assert reverse("youth:session-calendar", args=[cancelled.pk]) not in content


def test_detail_of_draft_is_not_found(client, catalogue):
    response = client.get(reverse("youth:hobby-detail", args=[catalogue["draft"].pk]))
    assert response.status_code == 404


def test_detail_says_when_dates_are_demo_dates(client, catalogue):
    hobby = catalogue["band"]
    Hobby.objects.filter(pk=hobby.pk).update(demo_shift_weeks=364)
    content = client.get(url("youth:hobby-detail", hobby.pk, language="en")).content.decode()
    assert "moved forward by 364 weeks" in content


def test_session_calendar_is_rfc5545(client, catalogue):
    hobby = catalogue["football"]
    session = hobby.events.get()
    response = client.get(reverse("youth:session-calendar", args=[session.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="jalkapallokerho-pallo.ics"'
    raw = response.content.decode("utf-8")
    assert raw.endswith("\r\n")
    assert "\n" not in raw.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in raw.split("\r\n"))
    lines = ics_lines(response)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert "TZID:Europe/Helsinki" in lines
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in lines
    assert f"UID:session-{session.pk}@harrastuspassi.fi" in lines
    local = local_datetime(session.start_date, session.start_time)
    assert f"DTSTART;TZID=Europe/Helsinki:{local:%Y%m%dT%H%M%S}" in lines
    assert "SUMMARY:Jalkapallokerho Pallo" in lines
    assert "GEO:60.171000;24.941000" in lines


def test_calendar_name_follows_language_and_falls_back(client, catalogue):
    football = catalogue["football"].events.get()
    assert "SUMMARY:Fotbollsklubben Bollen" in ics_lines(client.get(url("youth:session-calendar", football.pk, language="sv")))
    karate = catalogue["karate"].events.get()
    assert "SUMMARY:Karatekoulu" in ics_lines(client.get(url("youth:session-calendar", karate.pk, language="sv")))


def test_calendar_name_is_never_empty(client, catalogue):
    hobby = catalogue["band"]
    Hobby.objects.filter(pk=hobby.pk).update(name="", name_fi="", name_sv="", name_en="")
    session = hobby.events.get()
    lines = ics_lines(client.get(url("youth:session-calendar", session.pk, language="en")))
    assert f"SUMMARY:Hobby {hobby.pk}" in lines


def test_calendar_escapes_and_folds_long_text(client, catalogue):
    hobby = catalogue["karate"]
    long_text = "Pääsy; mukaan, kaikki\\ " + "ääkkösiä " * 30
    Hobby.objects.filter(pk=hobby.pk).update(short_description_fi=long_text)
    session = hobby.events.get()
    response = client.get(reverse("youth:session-calendar", args=[session.pk]))
    raw = response.content.decode("utf-8")
    assert all(len(line.encode("utf-8")) <= 75 for line in raw.split("\r\n"))
    description = next(line for line in ics_lines(response) if line.startswith("DESCRIPTION:"))
    assert description.startswith("DESCRIPTION:Pääsy\\; mukaan\\, kaikki\\\\ ääkkösiä")


def test_weekly_series_calendar_has_rule_and_exceptions(client, catalogue):
    hobby = catalogue["band"]
    first = next_weekday(2)
    schedule = WeeklySchedule.objects.create(
        hobby=hobby,
        weekdays=[2, 4],
        start_time=dt.time(17, 30),
        end_time=dt.time(19, 0),
        first_date=first,
        last_date=first + dt.timedelta(weeks=8),
        exception_dates=[(first + dt.timedelta(weeks=1)).isoformat()],
    )
    cancelled_day = first + dt.timedelta(weeks=2)
    testing.make_session(hobby, local_datetime(cancelled_day, dt.time(17, 30)), schedule=schedule, is_cancelled=True)

    detail = client.get(reverse("youth:hobby-detail", args=[hobby.pk])).content.decode()
    assert reverse("youth:schedule-calendar", args=[schedule.pk]) in detail

    lines = ics_lines(client.get(reverse("youth:schedule-calendar", args=[schedule.pk])))
    assert f"UID:schedule-{schedule.pk}@harrastuspassi.fi" in lines
    assert f"DTSTART;TZID=Europe/Helsinki:{first:%Y%m%d}T173000" in lines
    assert f"DTEND;TZID=Europe/Helsinki:{first:%Y%m%d}T190000" in lines
    rule = next(line for line in lines if line.startswith("RRULE:FREQ=WEEKLY"))
    assert re.fullmatch(r"RRULE:FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=\d{8}T\d{6}Z", rule)
    exdates = [line for line in lines if line.startswith("EXDATE")]
    assert exdates == [
        f"EXDATE;TZID=Europe/Helsinki:{first + dt.timedelta(weeks=1):%Y%m%d}T173000",
        f"EXDATE;TZID=Europe/Helsinki:{cancelled_day:%Y%m%d}T173000",
    ]


def test_calendar_uid_is_stable(client, catalogue):
    session = catalogue["football"].events.get()
    url = reverse("youth:session-calendar", args=[session.pk])
    assert client.get(url).content == client.get(url).content


def test_calendar_of_draft_hobby_is_not_found(client, catalogue):
    session = testing.make_session(catalogue["draft"], timezone.now() + dt.timedelta(days=1))
    assert client.get(reverse("youth:session-calendar", args=[session.pk])).status_code == 404


def test_series_across_autumn_clock_change_keeps_wall_time(catalogue):
    """Weekly 17:30 in Helsinki is 14:30 UTC in summer and 15:30 UTC in winter; a calendar
    with TZID shows 17:30 throughout, and UNTIL is the last start in UTC."""
    from youth.calendar import schedule_calendar

    schedule = WeeklySchedule.objects.create(
        hobby=catalogue["band"],
        weekdays=[2],
        start_time=dt.time(17, 30),
        end_time=dt.time(19, 0),
        first_date=dt.date(2027, 10, 5),
        last_date=dt.date(2027, 11, 9),
    )

    lines = unfold(schedule_calendar(schedule, language="fi", url="https://example.org/")).split("\r\n")

    assert "DTSTART;TZID=Europe/Helsinki:20271005T173000" in lines
    assert "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20271109T153000Z" in lines


def test_series_without_occurrence_is_not_found(client, catalogue):
    saturday = next_weekday(6)
    schedule = WeeklySchedule.objects.create(
        hobby=catalogue["band"],
        weekdays=[1],
        start_time=dt.time(10, 0),
        end_time=dt.time(11, 0),
        first_date=saturday,
        last_date=saturday + dt.timedelta(days=1),
    )
    assert client.get(reverse("youth:schedule-calendar", args=[schedule.pk])).status_code == 404


@pytest.mark.parametrize(
    ("short_description", "description", "lead_shown", "paragraphs"),
    [
        ("Maalaamme öljyväreillä.", "Maalaamme öljyväreillä.\n\nTuo omat siveltimet.", False, 2),
        ("Maalaamme  öljyväreillä…", "Maalaamme öljyväreillä ja akryyleillä.\n\nTuo omat siveltimet.", False, 2),
        ("Maalaamme öljyväreillä. Tuo omat siveltimet.", "Maalaamme öljyväreillä.", True, 0),
        ("Kokeile maalausta.", "Maalaamme öljyväreillä.", True, 1),
    ],
)
def test_detail_shows_repeated_text_once(client, catalogue, short_description, description, lead_shown, paragraphs):
    hobby = catalogue["band"]
    Hobby.objects.filter(pk=hobby.pk).update(short_description_fi=short_description, description_fi=description)

    content = client.get(url("youth:hobby-detail", hobby.pk)).content.decode()

    assert ('class="lead"' in content) is lead_shown
    description_html = re.search(r'<div class="description"[^>]*>(.*?)</div>', content, re.S)
    assert (len(re.findall("<p>", description_html.group(1))) if description_html else 0) == paragraphs
