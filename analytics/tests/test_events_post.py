"""POST /api/analytics/v1/events/: batches from the youth app over HTTP."""

import datetime as dt
import json
import uuid

import pytest
from django.test import override_settings
from django.utils import timezone

from analytics.models import UsageEvent

from .conftest import wire_event

URL = "/api/analytics/v1/events/"


def now_event(name, **fields):
    return wire_event(name, moment=timezone.now(), **fields)


def post(client, body, content_type="application/json", **headers):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(URL, data=data, content_type=content_type, **headers)


def batch(*events, **envelope):
    return {"schema_version": 1, "events": list(events), **envelope}


@pytest.mark.django_db
def test_valid_batch_stored(client, helsinki):
    response = post(client, batch(now_event("hobby_view", hobby=5), now_event("first_open")))
    assert response.status_code == 200
    assert response.json() == {"schema_version": 1, "duplicate": False, "accepted": [0, 1], "rejected": []}
    assert sorted(UsageEvent.objects.values_list("name", "municipality_code", "hobby_id")) == [
        ("first_open", "091", None),
        ("hobby_view", "091", 5),
    ]


@pytest.mark.django_db
def test_invalid_events_rejected_rest_kept(client, helsinki):
    events = [
        now_event("hobby_view", hobby=5),
        now_event("page_view"),
        now_event("hobby_view", hobby=6, device_id="abc"),
        wire_event("map_open", moment=timezone.now() + dt.timedelta(hours=1)),
        now_event("map_open"),
    ]
    response = post(client, batch(*events))
    body = response.json()
    assert response.status_code == 200
    assert body["accepted"] == [0, 4]
    rejected = {item["index"]: [(error["code"], error["field"]) for error in item["errors"]] for item in body["rejected"]}
    assert rejected == {
        1: [("unknown_name", "name")],
        2: [("unknown_field", "device_id")],
        3: [("future_time", "time")],
    }
    assert UsageEvent.objects.count() == 2


@pytest.mark.django_db
def test_oversized_batch_keeps_first_hundred(client, helsinki):
    response = post(client, batch(*[now_event("map_open") for _ in range(103)]))
    body = response.json()
    assert body["accepted"] == list(range(100))
    assert [item["index"] for item in body["rejected"]] == [100, 101, 102]
    assert body["rejected"][0]["errors"][0]["code"] == "batch_too_large"
    assert UsageEvent.objects.count() == 100


@pytest.mark.django_db
def test_thousands_of_events_rejected_whole(client, helsinki):
    body = '{"schema_version": 1, "events": [' + ",".join(["0"] * 60_000) + "]}"
    response = post(client, body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert response.json() == {
        "code": "too_many_events",
        "message": "The batch has 60000 events, but at most 100 are accepted and at most 500 are read: "
        "send at most 100 events in a batch.",
    }
    assert UsageEvent.objects.count() == 0


@pytest.mark.django_db
def test_full_device_queue_answered_per_event(client, helsinki):
    response = post(client, batch(*[now_event("map_open") for _ in range(500)]))
    assert response.status_code == 200
    assert len(response.json()["rejected"]) == 400
    assert UsageEvent.objects.count() == 100


@pytest.mark.django_db
def test_rejection_message_translated(client, helsinki):
    response = post(client, batch(now_event("page_view")), HTTP_ACCEPT_LANGUAGE="sv")
    message = response.json()["rejected"][0]["errors"][0]["message"]
    assert message.startswith("Okänt händelsenamn ”page_view”.")


@pytest.mark.django_db
def test_rejection_message_finnish_by_default(client, helsinki):
    response = post(client, batch(now_event("hobby_view")))
    message = response.json()["rejected"][0]["errors"][0]["message"]
    assert message == "Kenttä ”hobby” on pakollinen tapahtumassa ”hobby_view”."


@pytest.mark.django_db
def test_text_plain_body_accepted(client, helsinki):
    response = post(client, json.dumps(batch(now_event("map_open"))), content_type="text/plain;charset=UTF-8")
    assert response.status_code == 200
    assert response.json()["accepted"] == [0]


@pytest.mark.django_db
def test_cross_origin_response_allowed(client, helsinki):
    response = post(client, batch(now_event("map_open")), HTTP_ORIGIN="https://nuoret.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
def test_no_cookie_set(client, helsinki):
    response = post(client, batch(now_event("map_open")))
    assert response.cookies == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("{not json", "invalid_json"),
        ("[]", "invalid_batch"),
        ('{"schema_version": 1}', "invalid_batch"),
        ('{"schema_version": 1, "events": {}}', "invalid_batch"),
        ('{"schema_version": 2, "events": []}', "unsupported_schema_version"),
        ('{"events": []}', "unsupported_schema_version"),
        ('{"schema_version": 1, "events": [], "device": "x"}', "unknown_batch_field"),
        ('{"schema_version": 1, "events": [], "batch_id": "nope"}', "invalid_batch_id"),
    ],
)
def test_malformed_batch_rejected_whole(client, helsinki, body, code):
    response = post(client, body)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert UsageEvent.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        "[" * 60_000 + "]" * 60_000,
        '{"schema_version": 1, "events": ' + "[" * 30_000 + "]" * 30_000 + "}",
    ],
)
def test_deeply_nested_body_rejected_as_invalid_json(client, helsinki, body):
    response = post(client, body, content_type="text/plain;charset=UTF-8")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"
    assert UsageEvent.objects.count() == 0


@pytest.mark.django_db
def test_large_body_rejected(client, helsinki):
    response = post(client, batch(now_event("search", results=1, text="x" * 200)) | {"pad": "y" * 140_000})
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


@pytest.mark.django_db
def test_get_not_allowed(client):
    assert client.get(URL).status_code == 405


@pytest.mark.django_db
def test_resent_batch_counted_once(client, helsinki):
    body = batch(now_event("map_open"), batch_id=str(uuid.uuid4()))
    first = post(client, body)
    second = post(client, body)
    assert first.json()["accepted"] == [0]
    assert second.status_code == 200
    assert second.json()["duplicate"] is True
    assert UsageEvent.objects.count() == 1


@pytest.mark.django_db
@override_settings(ANALYTICS_RATE_LIMIT_PER_MINUTE=2)
def test_rate_limit_per_address(client, helsinki):
    statuses = [post(client, batch(now_event("map_open"))).status_code for _ in range(3)]
    other_address = post(client, batch(now_event("map_open")), REMOTE_ADDR="10.0.0.7")
    limited = post(client, batch(now_event("map_open")))
    assert statuses == [200, 200, 429]
    assert other_address.status_code == 200
    assert limited.json()["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert UsageEvent.objects.count() == 3


@pytest.mark.django_db
@override_settings(ANALYTICS_RATE_LIMIT_PER_MINUTE=0)
def test_rate_limit_zero_turns_limit_off(client, helsinki):
    statuses = {post(client, batch(now_event("map_open"))).status_code for _ in range(5)}
    assert statuses == {200}


@pytest.mark.django_db
def test_new_municipality_accepted_at_once(client, helsinki):
    from core import testing

    post(client, batch(now_event("map_open")))
    testing.make_municipality(code="092", name_fi="Vantaa")
    response = post(client, batch(now_event("map_open", municipality="092")))
    assert response.json()["accepted"] == [0]


@pytest.mark.django_db
def test_schema_served_as_json_schema(client):
    response = client.get("/api/analytics/v1/schema/")
    schema = response.json()
    assert response.status_code == 200
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "http://testserver/api/analytics/v1/schema/"
    assert "hobby_view" in schema["$defs"]
