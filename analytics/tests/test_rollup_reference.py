"""The rollup's SQL against a plain Python count of every raw event, on a varied random data set.

The reference below restates each metric's rule event by event, so any change to the
rollup's statements that changes a count, a subject or a day fails here.
"""

import datetime as dt
import random
from collections import Counter
from threading import get_ident

import pytest
from django.db import connection

from analytics.models import DailyCount, EventName, Metric, MonthlyCount, UsageEvent
from analytics.rollups import roll_up
from core import testing
from hobbies.models import Hobby
from hobbies.timeutils import HELSINKI

from .conftest import add_events

# January 30 to February 2 2027, across a month boundary. The run happens on 3 February.
DAYS = [dt.date(2027, 1, 30) + dt.timedelta(days=offset) for offset in range(4)]
NOW = dt.datetime(2027, 2, 3, 12, 0, tzinfo=HELSINKI)
MUNICIPALITIES = ["091", "049", ""]
SEARCH_TEXTS = ["sähly", "tanssi", "", "e-urheilu"]
FILTER_SETS = ["", "weekday", "category,weekday", "age,distance,price_type"]

ID_SUBJECTS = {
    EventName.HOBBY_VIEW: (Metric.HOBBY_VIEWS, "hobby_id"),
    EventName.FAVOURITE_ADD: (Metric.FAVOURITES_ADDED, "hobby_id"),
    EventName.FAVOURITE_REMOVE: (Metric.FAVOURITES_REMOVED, "hobby_id"),
    EventName.PROMOTION_VIEW: (Metric.PROMOTION_VIEWS, "promotion_id"),
    EventName.PROMOTION_USE: (Metric.PROMOTION_USES, "promotion_id"),
}
NO_SUBJECT = {
    EventName.FIRST_OPEN: Metric.INSTALLS,
    EventName.ACTIVE_MONTH: Metric.ACTIVE_USERS,
    EventName.MAP_OPEN: Metric.MAP_OPENS,
}


def lineage(category_id, parents):
    chain = []
    while category_id is not None and category_id not in chain:
        chain.append(category_id)
        category_id = parents.get(category_id)
    return chain


def reference_daily_counts():
    """Count every metric event by event: {(day, municipality, metric, subject id, subject text): count}."""
    from hobbies.models import HobbyCategory

    parents = dict(HobbyCategory.objects.values_list("id", "parent_id"))
    hobby_categories = {}
    for hobby_id, category_id in Hobby.categories.through.objects.values_list("hobby_id", "hobbycategory_id"):
        hobby_categories.setdefault(hobby_id, set()).update(lineage(category_id, parents))

    counts = Counter()
    for event in UsageEvent.objects.all():
        key = (event.day, event.municipality_code)
        if event.name in NO_SUBJECT:
            counts[*key, NO_SUBJECT[event.name], 0, ""] += 1
        elif event.name in ID_SUBJECTS:
            metric, column = ID_SUBJECTS[event.name]
            subject = getattr(event, column) or 0
            counts[*key, metric, subject, ""] += 1
            if event.name == EventName.HOBBY_VIEW:
                for category_id in hobby_categories.get(subject, ()):
                    counts[*key, Metric.CATEGORY_HOBBY_VIEWS, category_id, ""] += 1
            if event.name == EventName.FAVOURITE_ADD:
                for category_id in hobby_categories.get(subject, ()):
                    counts[*key, Metric.CATEGORY_FAVOURITES, category_id, ""] += 1
        elif event.name == EventName.LANGUAGE_SELECT:
            counts[*key, Metric.LANGUAGE_SELECTIONS, 0, event.language] += 1
        elif event.name == EventName.SEARCH:
            counts[*key, Metric.SEARCHES, 0, event.search_text] += 1
            if event.result_count == 0:
                counts[*key, Metric.ZERO_RESULT_SEARCHES, 0, event.search_text] += 1
            if event.category_id in parents:
                for category_id in lineage(event.category_id, parents):
                    counts[*key, Metric.CATEGORY_SEARCHES, category_id, ""] += 1
            for filter_name in event.filters.split(",") if event.filters else ():
                counts[*key, Metric.SEARCH_FILTERS, 0, filter_name] += 1
    return dict(counts)


def monthly_sums(daily):
    sums = Counter()
    for (day, *rest), count in daily.items():
        sums[day.replace(day=1), *rest] += count
    return dict(sums)


@pytest.fixture
def random_events(helsinki, espoo, category_tree):
    """About 1,500 events of every kind, with deleted hobbies and unknown categories among them."""
    rng = random.Random(20270203)
    hobbies = [
        testing.make_hobby(categories=categories)
        for categories in (
            [category_tree["Football"]],
            [category_tree["Football"], category_tree["Martial arts"]],
            [category_tree["Music"]],
            [],
        )
    ]
    removed = testing.make_hobby(categories=[category_tree["Music"]])
    hobby_ids = [hobby.pk for hobby in hobbies] + [removed.pk]
    removed.delete()
    category_ids = [category.pk for category in category_tree.values()] + [999_999]
    for day in DAYS:
        for name in EventName.values:
            for municipality in MUNICIPALITIES:
                for _ in range(rng.randint(0, 12)):
                    columns = {}
                    if name in ("hobby_view", "favourite_add", "favourite_remove"):
                        columns["hobby_id"] = rng.choice(hobby_ids)
                    elif name in ("promotion_view", "promotion_use"):
                        columns["promotion_id"] = rng.choice([3, 4, 5])
                    elif name == "language_select":
                        columns["language"] = rng.choice(["fi", "sv", "en"])
                    elif name == "search":
                        columns["search_text"] = rng.choice(SEARCH_TEXTS)
                        columns["result_count"] = rng.choice([0, 0, 1, 7, None])
                        columns["filters"] = rng.choice(FILTER_SETS)
                        columns["category_id"] = rng.choice([*category_ids, None])
                    add_events(day, name, 1, municipality=municipality, **columns)


def stored_daily_counts():
    return {
        (row.day, row.municipality_code, row.metric, row.subject_id, row.subject_text): row.count
        for row in DailyCount.objects.all()
    }


def stored_monthly_counts():
    return {
        (row.month, row.municipality_code, row.metric, row.subject_id, row.subject_text): row.count
        for row in MonthlyCount.objects.all()
    }


@pytest.mark.django_db
def test_daily_counts_match_reference(random_events):
    run = roll_up(first_day=DAYS[0], last_day=DAYS[-1], now=NOW)

    reference = reference_daily_counts()
    assert {metric for _day, _code, metric, _id, _text in reference} == set(Metric.values)
    assert stored_daily_counts() == reference
    assert run.event_count == UsageEvent.objects.count()


@pytest.mark.django_db
def test_monthly_counts_match_reference(random_events):
    roll_up(first_day=DAYS[0], last_day=DAYS[-1], now=NOW)

    assert stored_monthly_counts() == monthly_sums(reference_daily_counts())


@pytest.mark.django_db
def test_rerun_of_part_matches_reference(random_events):
    roll_up(first_day=DAYS[0], last_day=DAYS[-1], now=NOW)
    add_events(DAYS[1], "hobby_view", 4, hobby_id=Hobby.objects.order_by("pk")[0].pk)
    add_events(DAYS[2], "search", 2, search_text="uusi", result_count=0, filters="weekday")

    roll_up(first_day=DAYS[1], last_day=DAYS[2], now=NOW)

    assert stored_daily_counts() == reference_daily_counts()
    assert stored_monthly_counts() == monthly_sums(reference_daily_counts())


@pytest.mark.django_db(transaction=True)
def test_parallel_days_match_reference(random_events):
    # Committed events, because worker threads read them on their own connections. On SQLite
    # the days are rolled up one after another whatever the number of workers.
    threads = set()
    run = roll_up(
        first_day=DAYS[0], last_day=DAYS[-1], now=NOW, workers=3, progress=lambda day: threads.add(get_ident())
    )

    assert stored_daily_counts() == reference_daily_counts()
    assert stored_monthly_counts() == monthly_sums(reference_daily_counts())
    assert run.event_count == UsageEvent.objects.count()
    if connection.vendor == "postgresql":
        assert len(threads) == 3
        assert get_ident() not in threads
    else:
        assert threads == {get_ident()}
