"""Daily rollups: counts per day, municipality and subject, late events and the purge."""

import datetime as dt

import pytest
from django.test import override_settings

from analytics.ingestion import ingest_batch
from analytics.models import DailyCount, Metric, RollupRun, UsageEvent
from analytics.rollups import purge_events, retention_cutoff, roll_up, roll_up_day
from core import testing
from hobbies.timeutils import HELSINKI

from .conftest import add_events, wire_event

DAY = dt.date(2027, 2, 3)
NOON = dt.datetime(2027, 2, 3, 12, 0, tzinfo=HELSINKI)


def counts(**filters):
    return {
        (row.municipality_code, row.metric, row.subject_id, row.subject_text): row.count
        for row in DailyCount.objects.filter(**filters)
    }


@pytest.mark.django_db
def test_day_rolled_up_by_municipality_and_subject(helsinki, espoo):
    add_events(DAY, "first_open", 3)
    add_events(DAY, "first_open", 2, municipality="049")
    add_events(DAY, "hobby_view", 4, hobby_id=10)
    add_events(DAY, "hobby_view", 1, municipality="", hobby_id=10)
    add_events(DAY, "search", 2, search_text="sähly", result_count=0)
    # Category 99 does not exist, so the search counts for no category.
    add_events(DAY, "search", 1, search_text="sähly", result_count=4, filters="category,weekday", category_id=99)
    add_events(DAY, "promotion_use", 2, promotion_id=7)
    add_events(DAY, "language_select", 1, language="sv")
    add_events(DAY + dt.timedelta(days=1), "first_open", 9)

    events = roll_up_day(DAY)

    assert events == 16
    assert counts(day=DAY) == {
        ("091", Metric.INSTALLS, 0, ""): 3,
        ("049", Metric.INSTALLS, 0, ""): 2,
        ("091", Metric.HOBBY_VIEWS, 10, ""): 4,
        ("", Metric.HOBBY_VIEWS, 10, ""): 1,
        ("091", Metric.SEARCHES, 0, "sähly"): 3,
        ("091", Metric.ZERO_RESULT_SEARCHES, 0, "sähly"): 2,
        ("091", Metric.SEARCH_FILTERS, 0, "category"): 1,
        ("091", Metric.SEARCH_FILTERS, 0, "weekday"): 1,
        ("091", Metric.PROMOTION_USES, 7, ""): 2,
        ("091", Metric.LANGUAGE_SELECTIONS, 0, "sv"): 1,
    }


@pytest.mark.django_db
def test_category_counts_include_ancestors(helsinki, category_tree):
    football = category_tree["Football"]
    hobby = testing.make_hobby(categories=[football, category_tree["Martial arts"]])
    add_events(DAY, "hobby_view", 3, hobby_id=hobby.pk)
    add_events(DAY, "favourite_add", 2, hobby_id=hobby.pk)
    add_events(DAY, "search", 1, result_count=2, category_id=category_tree["Ball games"].pk)

    roll_up_day(DAY)

    views = {row.subject_id: row.count for row in DailyCount.objects.filter(metric=Metric.CATEGORY_HOBBY_VIEWS)}
    searches = {row.subject_id: row.count for row in DailyCount.objects.filter(metric=Metric.CATEGORY_SEARCHES)}
    favourites = {row.subject_id: row.count for row in DailyCount.objects.filter(metric=Metric.CATEGORY_FAVOURITES)}
    sports, ball_games = category_tree["Sports"].pk, category_tree["Ball games"].pk
    # Sports is counted once per view although two of the hobby's categories are under it.
    assert views == {football.pk: 3, ball_games: 3, sports: 3, category_tree["Martial arts"].pk: 3}
    assert favourites == {football.pk: 2, ball_games: 2, sports: 2, category_tree["Martial arts"].pk: 2}
    assert searches == {ball_games: 1, sports: 1}


@pytest.mark.django_db
def test_rerun_does_not_double_count(helsinki):
    add_events(DAY, "map_open", 6)
    roll_up_day(DAY)
    roll_up_day(DAY)
    assert counts(day=DAY) == {("091", Metric.MAP_OPENS, 0, ""): 6}


@pytest.mark.django_db
def test_rollup_survives_deleted_hobby(helsinki):
    hobby = testing.make_hobby()
    hobby_id = hobby.pk
    add_events(DAY, "hobby_view", 5, hobby_id=hobby_id)
    hobby.delete()
    roll_up_day(DAY)
    assert counts(metric=Metric.HOBBY_VIEWS) == {("091", Metric.HOBBY_VIEWS, hobby_id, ""): 5}


@pytest.mark.django_db
def test_late_event_counted_by_next_run(helsinki):
    # A device offline since Monday 1 February sends its events on Wednesday the 3rd.
    roll_up(now=NOON - dt.timedelta(days=2))
    monday_event = wire_event("map_open", moment=dt.datetime(2027, 2, 1, 18, 0, tzinfo=HELSINKI))
    ingest_batch({"schema_version": 1, "events": [monday_event] * 5}, now=NOON)

    run = roll_up(now=NOON)

    assert run.first_day == dt.date(2027, 1, 25)
    assert run.last_day == DAY
    assert counts(day=dt.date(2027, 2, 1)) == {("091", Metric.MAP_OPENS, 0, ""): 5}


@pytest.mark.django_db
def test_first_run_starts_at_oldest_event(helsinki):
    add_events(dt.date(2027, 1, 30), "map_open", 1)
    run = roll_up(now=NOON)
    assert (run.first_day, run.last_day, run.event_count) == (dt.date(2027, 1, 30), DAY, 1)
    assert RollupRun.objects.count() == 1


@pytest.mark.django_db
def test_month_boundary_in_helsinki_time(helsinki):
    now = dt.datetime(2027, 2, 2, 12, 0, tzinfo=HELSINKI)
    before = wire_event("first_open", moment=dt.datetime(2027, 1, 31, 21, 59, 59, tzinfo=dt.UTC))
    after = wire_event("first_open", moment=dt.datetime(2027, 1, 31, 22, 0, 0, tzinfo=dt.UTC))
    ingest_batch({"schema_version": 1, "events": [before, after, after]}, now=now)

    roll_up(now=now)

    assert counts(metric=Metric.INSTALLS) == {("091", Metric.INSTALLS, 0, ""): 2}
    assert DailyCount.objects.get(day=dt.date(2027, 1, 31)).count == 1
    assert DailyCount.objects.get(day=dt.date(2027, 2, 1)).count == 2


@pytest.mark.django_db
def test_retention_cutoff_default_thirteen_months():
    assert retention_cutoff(dt.date(2027, 2, 3)) == dt.date(2026, 1, 3)
    assert retention_cutoff(dt.date(2027, 3, 31)) == dt.date(2026, 2, 28)


@pytest.mark.django_db
@override_settings(ANALYTICS_RETENTION_MONTHS=2)
def test_retention_is_a_setting():
    assert retention_cutoff(dt.date(2027, 2, 3)) == dt.date(2026, 12, 3)


@pytest.mark.django_db
def test_purge_dry_run_deletes_nothing(helsinki):
    add_events(dt.date(2026, 1, 2), "map_open", 3)
    add_events(dt.date(2026, 1, 3), "map_open", 2)
    cutoff, count = purge_events(today=DAY)
    assert (cutoff, count) == (dt.date(2026, 1, 3), 3)
    assert UsageEvent.objects.count() == 5


@pytest.mark.django_db
def test_purge_keeps_rollups(helsinki):
    old_day = dt.date(2026, 1, 2)
    add_events(old_day, "map_open", 3)
    add_events(dt.date(2026, 1, 3), "map_open", 2)
    roll_up_day(old_day)

    _cutoff, deleted = purge_events(today=DAY, dry_run=False)

    assert deleted == 3
    assert list(UsageEvent.objects.values_list("day", flat=True)) == [dt.date(2026, 1, 3)] * 2
    assert counts(day=old_day) == {("091", Metric.MAP_OPENS, 0, ""): 3}


@pytest.mark.django_db
def test_rollup_never_recomputes_purged_days(helsinki):
    old_day = dt.date(2026, 1, 2)
    add_events(old_day, "map_open", 3)
    roll_up_day(old_day)
    purge_events(today=DAY, dry_run=False)

    run = roll_up(first_day=old_day, last_day=DAY, now=NOON)

    assert run.first_day == dt.date(2026, 1, 3)
    assert counts(day=old_day) == {("091", Metric.MAP_OPENS, 0, ""): 3}


@pytest.mark.django_db
def test_month_sums_follow_daily_counts(helsinki):
    from analytics.models import MonthlyCount

    add_events(dt.date(2027, 1, 31), "map_open", 2)
    add_events(dt.date(2027, 2, 1), "map_open", 3)
    add_events(dt.date(2027, 2, 3), "map_open", 4)
    roll_up(first_day=dt.date(2027, 1, 31), last_day=DAY, now=NOON)
    add_events(DAY, "map_open", 1)
    roll_up(now=NOON)

    sums = {(row.month, row.metric): row.count for row in MonthlyCount.objects.all()}
    assert sums == {
        (dt.date(2027, 1, 1), Metric.MAP_OPENS): 2,
        (dt.date(2027, 2, 1), Metric.MAP_OPENS): 8,
    }
