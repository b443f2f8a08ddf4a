"""GET hobbyevents/: one session per hobby, session filters, and every session of one hobby."""

import datetime as dt

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import testing
from hobbies.models import Hobby, HobbyEvent
from hobbies.search import index_hobbies
from hobbies.timeutils import local_datetime, local_today

EVENT_FIELDS = {
    "id": int,
    "hobby": int,
    "start_date": str,
    "end_date": str,
    "start_time": str,
    "end_time": str,
    "start_weekday": int,
    "data_source": str,
}


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def next_weekday(weekday, hour, weeks_ahead=0):
    """Return the aware start of the next `weekday` (ISO) at `hour`, Helsinki time, from tomorrow on."""
    day = local_today() + dt.timedelta(days=1)
    while day.isoweekday() != weekday:
        day += dt.timedelta(days=1)
    return local_datetime(day + dt.timedelta(weeks=weeks_ahead), dt.time(hour))


def test_fields_and_types_follow_v1(client, world):
    row = client.get("/api/v1/hobbyevents/").json()["results"][0]

    for name, kind in EVENT_FIELDS.items():
        assert isinstance(row[name], kind), name
    assert len(row["start_time"]) == 8
    assert row["start_weekday"] == world.session.start_weekday
    assert row["data_source"] == ""


def test_hobby_detail_nests_location_and_organizer(client, world):
    row = client.get("/api/v1/hobbyevents/?include=hobby_detail").json()["results"][0]

    assert row["hobby"]["id"] == world.hobby.pk
    assert row["hobby"]["location"]["id"] == world.location.pk
    assert row["hobby"]["organizer"]["id"] == world.provider.pk


def test_one_session_per_hobby_the_earliest_upcoming(client, db):
    hobby = testing.make_hobby()
    past = testing.make_session(hobby, timezone.now() - dt.timedelta(days=3))
    later = testing.make_session(hobby, timezone.now() + dt.timedelta(days=9))
    sooner = testing.make_session(hobby, timezone.now() + dt.timedelta(days=2))
    cancelled = testing.make_session(hobby, timezone.now() + dt.timedelta(days=1), is_cancelled=True)

    listed = ids(client.get("/api/v1/hobbyevents/"))

    assert listed == [sooner.pk]
    assert {past.pk, later.pk, cancelled.pk}.isdisjoint(listed)


def test_weekday_filter_picks_each_hobbys_next_matching_session(client, db):
    hobby = testing.make_hobby()
    testing.make_session(hobby, next_weekday(1, 17))
    tuesday = testing.make_session(hobby, next_weekday(2, 17))
    testing.make_session(hobby, next_weekday(2, 17, weeks_ahead=1))
    monday_only = testing.make_hobby()
    testing.make_session(monday_only, next_weekday(1, 18))

    assert ids(client.get("/api/v1/hobbyevents/?start_weekday=2")) == [tuesday.pk]
    assert len(ids(client.get("/api/v1/hobbyevents/?start_weekday=1&start_weekday=2"))) == 2


@pytest.mark.parametrize("weekday", ["0", "8", "tuesday"])
def test_bad_weekday_is_400(client, world, weekday):
    response = client.get(f"/api/v1/hobbyevents/?start_weekday={weekday}")

    assert response.status_code == 400
    assert list(response.json()["error_codes"]) == ["start_weekday"]


def test_time_and_date_ranges_inclusive(client, db):
    hobby = testing.make_hobby()
    evening = testing.make_session(hobby, next_weekday(3, 17))
    other = testing.make_hobby()
    morning = testing.make_session(other, next_weekday(3, 9))
    day = evening.start_date.isoformat()

    assert ids(client.get("/api/v1/hobbyevents/?start_time_from=17:00&start_time_to=23:59")) == [evening.pk]
    assert ids(client.get("/api/v1/hobbyevents/?start_time_to=09:00:00")) == [morning.pk]
    assert sorted(ids(client.get(f"/api/v1/hobbyevents/?start_date_from={day}&start_date_to={day}"))) == sorted(
        [evening.pk, morning.pk]
    )
    assert ids(client.get("/api/v1/hobbyevents/?start_date_to=2000-01-01")) == []


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("start_date_from=2026-13-01", "start_date_from"),
        ("start_date_to=tomorrow", "start_date_to"),
        ("start_time_from=25:00", "start_time_from"),
        ("start_time_to=7pm", "start_time_to"),
        ("start_time_from=17:00%2B03", "start_time_from"),
        ("start_time_to=17%2B03:00", "start_time_to"),
        ("start_time_from=1700Z", "start_time_from"),
        ("start_time_from=17.50", "start_time_from"),
        ("start_date_from=2026W011", "start_date_from"),
        ("start_date_to=20261201", "start_date_to"),
        ("hobby=abc", "hobby"),
        ("hobby=999999", "hobby"),
    ],
)
def test_malformed_session_parameter_is_400(client, world, query, parameter):
    response = client.get(f"/api/v1/hobbyevents/?{query}")

    assert response.status_code == 400
    assert list(response.json()["error_codes"]) == [parameter]


def test_default_order_is_start_then_hobby(client, db):
    first = testing.make_session(testing.make_hobby(), timezone.now() + dt.timedelta(days=1))
    third = testing.make_session(testing.make_hobby(), timezone.now() + dt.timedelta(days=5))
    second = testing.make_session(testing.make_hobby(), timezone.now() + dt.timedelta(days=3))

    assert ids(client.get("/api/v1/hobbyevents/")) == [first.pk, second.pk, third.pk]
    assert ids(client.get("/api/v1/hobbyevents/?ordering=start_date")) == [first.pk, second.pk, third.pk]


def test_stale_next_session_link_ignored(client, db):
    """The next-session link may lag behind the clock; the list still shows the hobby."""
    hobby = testing.make_hobby()
    ended = testing.make_session(hobby, timezone.now() + dt.timedelta(days=1))
    upcoming = testing.make_session(hobby, timezone.now() + dt.timedelta(days=8))
    HobbyEvent.objects.filter(pk=ended.pk).update(
        start_at=timezone.now() - dt.timedelta(hours=3), end_at=timezone.now() - dt.timedelta(hours=2)
    )
    assert Hobby.objects.get(pk=hobby.pk).next_event_id == ended.pk

    assert ids(client.get("/api/v1/hobbyevents/")) == [upcoming.pk]


def test_hobby_parameter_lists_every_session_but_cancelled(client, db):
    hobby = testing.make_hobby()
    past = testing.make_session(hobby, timezone.now() - dt.timedelta(days=3))
    soon = testing.make_session(hobby, timezone.now() + dt.timedelta(days=1))
    cancelled = testing.make_session(hobby, timezone.now() + dt.timedelta(days=2), is_cancelled=True)

    default = ids(client.get(f"/api/v1/hobbyevents/?hobby={hobby.pk}"))
    every = client.get(f"/api/v1/hobbyevents/?hobby={hobby.pk}&include_cancelled=true").json()["results"]
    upcoming = ids(client.get(f"/api/v1/hobbyevents/?hobby={hobby.pk}&exclude_past_events=true&include_cancelled=1"))

    assert default == [past.pk, soon.pk]
    assert [row["id"] for row in every] == [past.pk, soon.pk, cancelled.pk]
    assert every[2]["is_cancelled"] is True
    assert upcoming == [soon.pk, cancelled.pk]


def test_cancelled_session_detail_is_served(client, db):
    hobby = testing.make_hobby()
    cancelled = testing.make_session(hobby, timezone.now() + dt.timedelta(days=2), is_cancelled=True)

    response = client.get(f"/api/v1/hobbyevents/{cancelled.pk}/")

    assert response.status_code == 200
    assert response.json()["is_cancelled"] is True


@pytest.mark.parametrize("server_zone", ["UTC", "America/New_York", "Pacific/Kiritimati"])
def test_exclude_past_events_ignores_server_time_zone(client, db, server_zone):
    hobby = testing.make_hobby()
    now = timezone.now()
    ended = testing.make_session(hobby, now - dt.timedelta(hours=2), duration=dt.timedelta(hours=1, minutes=59))
    running = testing.make_session(hobby, now - dt.timedelta(hours=1), duration=dt.timedelta(hours=2))

    with override_settings(TIME_ZONE=server_zone):
        listed = ids(client.get(f"/api/v1/hobbyevents/?hobby={hobby.pk}&exclude_past_events=true"))

    assert listed == [running.pk]
    assert ended.pk not in listed


def test_nearest_orders_hobbies_by_location(client, db):
    near = testing.make_session(
        testing.make_hobby(location=testing.make_location(latitude=60.2, longitude=24.9)),
        timezone.now() + dt.timedelta(days=5),
    )
    far = testing.make_session(
        testing.make_hobby(location=testing.make_location(latitude=65.0, longitude=25.5)),
        timezone.now() + dt.timedelta(days=1),
    )

    body = client.get("/api/v1/hobbyevents/?ordering=nearest&near_latitude=60.2&near_longitude=24.9").json()

    assert [row["id"] for row in body["results"]] == [near.pk, far.pk]
    assert body["results"][0]["distance"] == 0
    assert ids(client.get("/api/v1/hobbyevents/?ordering=nearest&near_latitude=60.2&near_longitude=24.9&max_distance=50")) == [near.pk]


def test_android_list_query_works(client, db):
    tree = testing.make_category_tree()
    hobby = testing.make_hobby(categories=[tree["Football"]])
    tuesday = testing.make_session(hobby, next_weekday(2, 18))

    response = client.get(
        "/api/v1/hobbyevents/?include=location_detail&include=organizer_detail&include=hobby_detail"
        f"&category={tree['Sports'].pk}&start_weekday=2&price_type=free&start_time_from=00:00&start_time_to=23:59"
        "&exclude_past_events=true&ordering=nearest&near_latitude=60.17&near_longitude=24.94&page_size=50"
    )

    assert ids(response) == [tuesday.pk]


def test_search_finds_sessions_of_matching_hobbies(client, db):
    football = testing.make_hobby(name_fi="Jalkapallokerho")
    chess = testing.make_hobby(name_fi="Shakkikerho", description_fi="Pelataan shakkia.")
    session = testing.make_session(football, timezone.now() + dt.timedelta(days=1))
    testing.make_session(chess, timezone.now() + dt.timedelta(days=1))
    index_hobbies([football.pk, chess.pk])

    assert ids(client.get("/api/v1/hobbyevents/?search=jalkapalloa")) == [session.pk]
    assert ids(client.get("/api/v1/hobbyevents/?search=jalkapalloa&start_weekday=1&start_weekday=2&start_weekday=3&start_weekday=4&start_weekday=5&start_weekday=6&start_weekday=7")) == [session.pk]


def test_list_query_count_does_not_grow_with_rows(client, db):
    tree = testing.make_category_tree()

    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/api/v1/hobbyevents/?include=hobby_detail&category={tree['Sports'].pk}&start_weekday=2")
        assert response.status_code == 200
        return len(captured), response.json()["count"]

    def add():
        hobby = testing.make_hobby(provider=testing.make_provider(), location=testing.make_location(), categories=[tree["Football"]])
        testing.make_session(hobby, next_weekday(2, 17))

    add()
    few, one = count_queries()
    for _ in range(8):
        add()
    many, nine = count_queries()

    assert (one, nine) == (1, 9)
    assert few == many
    assert many <= 10


def test_detail_serves_any_session(client, db):
    hobby = testing.make_hobby()
    past = testing.make_session(hobby, timezone.now() - dt.timedelta(days=30))

    response = client.get(f"/api/v1/hobbyevents/{past.pk}/?include=hobby_detail")

    assert response.status_code == 200
    assert response.json()["hobby"]["id"] == hobby.pk


def test_session_change_marks_hobby_updated(world):
    from .conftest import client_for

    before = Hobby.objects.get(pk=world.hobby.pk).updated_at
    client_for(world.users["own"]).delete(f"/api/v1/hobbyevents/{world.session.pk}/")

    assert Hobby.objects.get(pk=world.hobby.pk).updated_at > before


def test_session_of_draft_hidden_from_others(world):
    from .conftest import client_for

    draft = testing.make_hobby(provider=world.provider, status=Hobby.Status.DRAFT)
    session = testing.make_session(draft, timezone.now() + dt.timedelta(days=1))

    assert client_for(None).get(f"/api/v1/hobbyevents/{session.pk}/").status_code == 404
    assert client_for(world.users["other"]).get(f"/api/v1/hobbyevents/{session.pk}/").status_code == 404
    assert client_for(world.users["own"]).get(f"/api/v1/hobbyevents/{session.pk}/").status_code == 200
    assert session.pk not in ids(client_for(None).get("/api/v1/hobbyevents/"))
    assert client_for(None).get(f"/api/v1/hobbyevents/?hobby={draft.pk}").status_code == 400
