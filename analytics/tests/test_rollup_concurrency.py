"""Rollups and batches that run at the same moment, each on its own database connection."""

import datetime as dt
import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from analytics.models import CatalogueSnapshot, DailyCount, Metric, MonthlyCount, UsageEvent
from analytics.months import Month
from analytics.rollups import roll_up, roll_up_day, roll_up_month
from core import testing

from .conftest import add_events, wire_event

pytestmark = pytest.mark.django_db(transaction=True)

DAY = dt.date(2027, 2, 3)


def in_parallel(calls):
    """Run the callables at the same moment, each in its own thread with its own connection."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(timeout=60)
        try:
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_parallel_rollups_of_one_day_count_once(helsinki):
    add_events(DAY, "map_open", 7)
    add_events(DAY, "hobby_view", 6, hobby_id=3)

    def roll_up_day_and_month():
        events = roll_up_day(DAY)
        roll_up_month(Month.of(DAY))
        return events

    assert in_parallel([roll_up_day_and_month] * 4) == [13] * 4
    assert sorted(DailyCount.objects.values_list("metric", "subject_id", "count")) == [
        (Metric.HOBBY_VIEWS, 3, 6),
        (Metric.MAP_OPENS, 0, 7),
    ]
    assert sorted(MonthlyCount.objects.values_list("metric", "subject_id", "count")) == [
        (Metric.HOBBY_VIEWS, 3, 6),
        (Metric.MAP_OPENS, 0, 7),
    ]


def test_parallel_full_rollups_store_one_snapshot(helsinki):
    testing.make_hobby(municipality=helsinki)
    add_events(DAY, "map_open", 7)
    now = dt.datetime(2027, 2, 4, 12, 0, tzinfo=dt.UTC)

    runs = in_parallel([lambda: roll_up(first_day=DAY, last_day=DAY, now=now)] * 4)

    assert [run.event_count for run in runs] == [7] * 4
    assert DailyCount.objects.get(metric=Metric.MAP_OPENS).count == 7
    assert sorted(CatalogueSnapshot.objects.values_list("month", "municipality_code", "hobbies_published")) == [
        (dt.date(2027, 1, 1), "", 1),
        (dt.date(2027, 1, 1), "091", 1),
        (dt.date(2027, 2, 1), "", 1),
        (dt.date(2027, 2, 1), "091", 1),
    ]


def test_same_batch_posted_twice_at_once_stored_once(helsinki):
    body = json.dumps(
        {
            "schema_version": 1,
            "batch_id": str(uuid.uuid4()),
            "events": [wire_event("map_open", moment=timezone.now()) for _ in range(30)],
        }
    )

    def post():
        response = Client().post("/api/analytics/v1/events/", data=body, content_type="application/json")
        return response.status_code, response.json()["duplicate"]

    results = in_parallel([post] * 4)
    assert sorted(results) == [(200, False)] + [(200, True)] * 3
    assert UsageEvent.objects.count() == 30
