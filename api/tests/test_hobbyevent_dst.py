"""Session times in the spring-forward gap: Helsinki clocks jump from 03:00 to 04:00 on the
last Sunday of March (2027-03-28), so 03:00-03:59 does not exist that night."""

import datetime as dt

import pytest

from hobbies.models import HobbyEvent

from .conftest import client_for


@pytest.fixture
def own(world):
    return client_for(world.users["own"])


def session(world, **fields):
    body = {"hobby": world.hobby.pk, "start_date": "2027-03-28", "end_date": "2027-03-28",
            "start_time": "02:00", "end_time": "05:00"}
    body.update(fields)
    return body


@pytest.mark.parametrize(
    ("fields", "field", "time"),
    [
        ({"start_time": "03:15", "end_time": "03:45"}, "start_time", "03:15"),
        ({"start_time": "03:00"}, "start_time", "03:00"),
        ({"end_time": "03:59"}, "end_time", "03:59"),
    ],
)
def test_gap_time_is_400_with_date(own, world, fields, field, time):
    response = own.post("/api/v1/hobbyevents/", session(world, **fields), format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {
        field: [
            f"2027-03-28 {time} does not exist in Finnish time, because the clocks move forward an hour that "
            "night. Choose another time."
        ],
        "error_codes": {field: ["nonexistent_time"]},
    }
    assert not HobbyEvent.objects.filter(start_date=dt.date(2027, 3, 28)).exists()


def test_times_around_gap_are_stored_as_sent(own, world):
    response = own.post("/api/v1/hobbyevents/", session(world, start_time="02:59", end_time="04:00"), format="json")

    assert response.status_code == 201, response.content
    assert (response.json()["start_time"], response.json()["end_time"]) == ("02:59:00", "04:00:00")


def test_moving_session_into_gap_is_400(own, world):
    response = own.patch(
        f"/api/v1/hobbyevents/{world.session.pk}/",
        {"start_date": "2027-03-28", "end_date": "2027-03-28", "start_time": "03:30", "end_time": "05:00"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"start_time": ["nonexistent_time"]}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "The weekly copy on 2027-03-28 would be at 03:30, which does not exist in Finnish time because the "
            "clocks move forward an hour that night. Choose another time or fewer copies.",
        ),
        (
            "fi",
            "Viikoittainen kopio 2027-03-28 osuisi kellonaikaan 03:30, jota ei ole Suomen ajassa, koska kelloja "
            "siirretään sinä yönä tunnilla eteenpäin. Valitse toinen aika tai vähemmän kopioita.",
        ),
    ],
)
def test_weekly_copy_in_gap_names_its_date(own, world, language, expected):
    body = session(world, start_date="2027-03-14", end_date="2027-03-14", start_time="03:30", end_time="04:10",
                   is_recurrent=True, recurrency_count=3)

    response = own.post("/api/v1/hobbyevents/", body, format="json", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert response.json() == {"start_time": [expected], "error_codes": {"start_time": ["nonexistent_time"]}}
    assert not HobbyEvent.objects.filter(start_date__gte=dt.date(2027, 3, 14)).exists()


def test_weekly_copies_before_gap_night_are_created(own, world):
    body = session(world, start_date="2027-03-14", end_date="2027-03-14", start_time="03:30", end_time="04:10",
                   is_recurrent=True, recurrency_count=1)

    response = own.post("/api/v1/hobbyevents/", body, format="json")

    assert response.status_code == 201, response.content
    assert HobbyEvent.objects.filter(start_date__gte=dt.date(2027, 3, 14)).count() == 2
