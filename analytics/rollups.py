"""Daily rollups of raw events into DailyCount rows, and the purge of old raw events.

A day is always rolled up whole: its DailyCount rows are deleted and recomputed from its
raw events in one transaction, so a rerun never counts twice. Events may arrive up to
MAX_EVENT_AGE_DAYS late, so each run recomputes that many days before the previous run.
Older days are final, and their raw events may be purged without changing any report.
"""

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Min
from django.utils import timezone

from hobbies.models import Hobby, HobbyCategory
from hobbies.timeutils import local_today

from .locks import DAY_LOCK, MONTH_LOCK, lock_rollup
from .models import DailyCount, EventName, Metric, MonthlyCount, RollupRun, UsageEvent
from .months import Month
from .schema import MAX_EVENT_AGE_DAYS
from .snapshots import take_catalogue_snapshot

logger = logging.getLogger(__name__)

# Event name -> (metric, subject column). The subject is stored in subject_id for ids and in
# subject_text for text; None means the metric has no subject.
SIMPLE_METRICS = {
    EventName.FIRST_OPEN: (Metric.INSTALLS, None),
    EventName.ACTIVE_MONTH: (Metric.ACTIVE_USERS, None),
    EventName.HOBBY_VIEW: (Metric.HOBBY_VIEWS, "hobby_id"),
    EventName.SEARCH: (Metric.SEARCHES, "search_text"),
    EventName.FAVOURITE_ADD: (Metric.FAVOURITES_ADDED, "hobby_id"),
    EventName.FAVOURITE_REMOVE: (Metric.FAVOURITES_REMOVED, "hobby_id"),
    EventName.PROMOTION_VIEW: (Metric.PROMOTION_VIEWS, "promotion_id"),
    EventName.PROMOTION_USE: (Metric.PROMOTION_USES, "promotion_id"),
    EventName.MAP_OPEN: (Metric.MAP_OPENS, None),
    EventName.LANGUAGE_SELECT: (Metric.LANGUAGE_SELECTIONS, "language"),
}
TEXT_SUBJECTS = {"search_text", "language"}


def _simple_metrics_sql():
    """Return one INSERT ... SELECT that rolls up every SIMPLE_METRICS metric of a day in one scan."""
    metric_cases = " ".join(f"WHEN '{name}' THEN '{metric}'" for name, (metric, _column) in SIMPLE_METRICS.items())
    id_cases = " ".join(
        f"WHEN '{name}' THEN COALESCE({column}, 0)"
        for name, (_metric, column) in SIMPLE_METRICS.items()
        if column and column not in TEXT_SUBJECTS
    )
    text_cases = " ".join(
        f"WHEN '{name}' THEN {column}" for name, (_metric, column) in SIMPLE_METRICS.items() if column in TEXT_SUBJECTS
    )
    return (
        f"INSERT INTO {DailyCount._meta.db_table} "
        "(day, municipality_code, metric, subject_id, subject_text, count) "
        f"SELECT day, municipality_code, CASE name {metric_cases} END, "
        f"CASE name {id_cases} ELSE 0 END, CASE name {text_cases} ELSE '' END, COUNT(*) "
        f"FROM {UsageEvent._meta.db_table} WHERE day = %s "
        "GROUP BY 1, 2, 3, 4, 5"
    )


def _zero_result_searches_sql():
    return (
        f"INSERT INTO {DailyCount._meta.db_table} "
        "(day, municipality_code, metric, subject_id, subject_text, count) "
        f"SELECT day, municipality_code, '{Metric.ZERO_RESULT_SEARCHES}', 0, search_text, COUNT(*) "
        f"FROM {UsageEvent._meta.db_table} WHERE day = %s AND name = '{EventName.SEARCH}' AND result_count = 0 "
        "GROUP BY 1, 2, 3, 4, 5"
    )


def category_lineages():
    """Return {category id: (the id and the ids of its ancestors)}, following parent links."""
    parents = dict(HobbyCategory.objects.values_list("id", "parent_id"))
    lineages = {}
    for category_id in parents:
        chain = []
        current = category_id
        while current is not None and current not in chain:  # a parent cycle stops the walk
            chain.append(current)
            current = parents.get(current)
        lineages[category_id] = tuple(chain)
    return lineages


def hobby_category_lineages(lineages):
    """Return {hobby id: set of its categories and all their ancestors}."""
    through = Hobby.categories.through
    by_hobby = {}
    for hobby_id, category_id in through.objects.values_list("hobby_id", "hobbycategory_id"):
        by_hobby.setdefault(hobby_id, set()).update(lineages.get(category_id, (category_id,)))
    return by_hobby


HOBBY_CATEGORY_TABLE = "analytics_rollup_hobby_category"
CATEGORY_ANCESTOR_TABLE = "analytics_rollup_category_ancestor"


def prepare_category_tables():
    """Create the temporary tables that map hobbies and categories to categories with ancestors.

    The category counts of a day are then one INSERT ... SELECT each, joined to these
    tables, instead of a round trip through Python. Temporary tables belong to the
    database session, so concurrent rollups do not see each other's.
    """
    lineages = category_lineages()
    hobby_pairs = [
        (hobby_id, category_id)
        for hobby_id, category_ids in hobby_category_lineages(lineages).items()
        for category_id in category_ids
    ]
    ancestor_pairs = [(category_id, ancestor_id) for category_id, chain in lineages.items() for ancestor_id in chain]
    with connection.cursor() as cursor:
        for table, columns, pairs in (
            (HOBBY_CATEGORY_TABLE, "hobby_id bigint NOT NULL, category_id bigint NOT NULL", hobby_pairs),
            (CATEGORY_ANCESTOR_TABLE, "category_id bigint NOT NULL, ancestor_id bigint NOT NULL", ancestor_pairs),
        ):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(f"CREATE TEMPORARY TABLE {table} ({columns})")
            cursor.executemany(f"INSERT INTO {table} VALUES (%s, %s)", pairs)
            cursor.execute(f"CREATE INDEX {table}_first ON {table} ({columns.split()[0]})")


def _category_counts_sql():
    """Return the INSERT ... SELECTs of the category metrics of a day: (sql, params) pairs."""
    counts, events = DailyCount._meta.db_table, UsageEvent._meta.db_table
    insert = f"INSERT INTO {counts} (day, municipality_code, metric, subject_id, subject_text, count) "
    from_hobbies = (
        f"SELECT d.day, d.municipality_code, %s, l.category_id, '', SUM(d.count) FROM {counts} d "
        f"JOIN {HOBBY_CATEGORY_TABLE} l ON l.hobby_id = d.subject_id "
        "WHERE d.day = %s AND d.metric = %s GROUP BY 1, 2, 3, 4, 5"
    )
    from_searches = (
        f"SELECT e.day, e.municipality_code, %s, a.ancestor_id, '', COUNT(*) FROM {events} e "
        f"JOIN {CATEGORY_ANCESTOR_TABLE} a ON a.category_id = e.category_id "
        f"WHERE e.day = %s AND e.name = '{EventName.SEARCH}' GROUP BY 1, 2, 3, 4, 5"
    )
    return [
        (insert + from_hobbies, [Metric.CATEGORY_HOBBY_VIEWS, Metric.HOBBY_VIEWS]),
        (insert + from_hobbies, [Metric.CATEGORY_FAVOURITES, Metric.FAVOURITES_ADDED]),
        (insert + from_searches, [Metric.CATEGORY_SEARCHES]),
    ]


@transaction.atomic
def roll_up_day(day, *, tables_ready=False):
    """Recompute every DailyCount of `day` from its raw events; return the number of events.

    Categories come from the catalogue at the time of the rollup: a hobby view counts for
    the categories the hobby has then, and for their ancestors. Views of deleted hobbies
    and searches filtered by deleted categories count for no category.
    """
    if not tables_ready:
        prepare_category_tables()
    lock_rollup(DAY_LOCK, day)
    DailyCount.objects.filter(day=day).delete()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _tune_bulk_statements(cursor, work_mem="64MB")
        cursor.execute(_simple_metrics_sql(), [day])
        cursor.execute(_zero_result_searches_sql(), [day])
        for sql, params in _category_counts_sql():
            metric, *rest = params
            cursor.execute(sql, [metric, day, *rest])

    filter_totals = {}
    searches_with_filters = (
        UsageEvent.objects.filter(day=day, name=EventName.SEARCH)
        .exclude(filters="")
        .values_list("municipality_code", "filters")
        .annotate(count=Count("id"))
        .order_by()
    )
    for code, filters, count in searches_with_filters:
        for filter_name in filters.split(","):
            filter_totals[code, filter_name] = filter_totals.get((code, filter_name), 0) + count
    DailyCount.objects.bulk_create(
        DailyCount(day=day, municipality_code=code, metric=Metric.SEARCH_FILTERS, subject_text=name, count=count)
        for (code, name), count in filter_totals.items()
    )
    # Each event adds to exactly one simple metric, so this is also the sum of their counts.
    return UsageEvent.objects.filter(day=day).count()


def _tune_bulk_statements(cursor, *, work_mem):
    """Set PostgreSQL options for the rest of the transaction's large INSERT ... SELECTs.

    A day has up to a few hundred thousand groups and a month a few million, which the
    default 4 MB work_mem would spill to disk. JIT compilation costs more than it saves on
    these statements (0.1–0.7 s per statement on the data set of bench/analytics_bench.py).
    A rollup lost in a crash is recomputed by the next run, so it need not wait for the WAL flush.
    """
    cursor.execute(f"SET LOCAL work_mem = '{work_mem}'")
    cursor.execute("SET LOCAL jit = off")
    cursor.execute("SET LOCAL synchronous_commit = off")


@transaction.atomic
def roll_up_month(month):
    """Recompute the MonthlyCount rows of `month` from its DailyCount rows."""
    lock_rollup(MONTH_LOCK, month.first_day)
    MonthlyCount.objects.filter(month=month.first_day).delete()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _tune_bulk_statements(cursor, work_mem="512MB")
        cursor.execute(
            f"INSERT INTO {MonthlyCount._meta.db_table} "
            "(month, municipality_code, metric, subject_id, subject_text, count) "
            "SELECT %s, municipality_code, metric, subject_id, subject_text, SUM(count) "
            f"FROM {DailyCount._meta.db_table} WHERE day >= %s AND day <= %s "
            "GROUP BY municipality_code, metric, subject_id, subject_text",
            [month.first_day, month.first_day, month.last_day],
        )


def days_to_roll_up(today):
    """Return the first and last day that the next run must recompute, or None when idle.

    From MAX_EVENT_AGE_DAYS before the previous run's last day (late events may have
    arrived for those), or from the oldest raw event on the first run, through today.
    """
    previous = RollupRun.objects.order_by("-finished_at", "-id").first()
    if previous is not None:
        first = previous.last_day - dt.timedelta(days=MAX_EVENT_AGE_DAYS)
    else:
        first = UsageEvent.objects.aggregate(first=Min("day"))["first"]
        if first is None:
            return None
    return max(first, retention_cutoff(today)), today


def _roll_up_each(days, progress):
    """Roll up `days` one after another on this thread's connection; return their event count."""
    prepare_category_tables()
    events = 0
    for day in days:
        events += roll_up_day(day, tables_ready=True)
        if progress:
            progress(day)
    return events


def _roll_up_share(days, progress):
    """Roll up a worker thread's share of the days, then close the thread's own connection."""
    try:
        return _roll_up_each(days, progress)
    finally:
        connection.close()


def roll_up_days(first_day, last_day, *, workers=1, progress=None):
    """Roll up every day from `first_day` to `last_day`; return the number of events.

    On PostgreSQL with `workers` above 1 the days are shared among that many threads, each
    with its own connection, because one INSERT ... SELECT uses one core. The days are
    rolled up one after another on SQLite, which allows one writer at a time, and inside
    an open transaction, whose uncommitted events other connections cannot see.
    """
    days = [first_day + dt.timedelta(days=offset) for offset in range((last_day - first_day).days + 1)]
    workers = min(workers, len(days))
    if workers <= 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        return _roll_up_each(days, progress)
    with ThreadPoolExecutor(max_workers=workers) as executor:
        shares = [executor.submit(_roll_up_share, days[start::workers], progress) for start in range(workers)]
        return sum(share.result() for share in shares)


def roll_up(*, first_day=None, last_day=None, now=None, progress=None, workers=None):
    """Roll up the days that may have changed (or the given range); return the RollupRun.

    Then recomputes the monthly sums of the months those days are in, updates the catalogue
    snapshot of the current month and freezes the previous one.
    `progress`, if given, is called with each day after it is done. `workers` (default:
    the ANALYTICS_ROLLUP_WORKERS setting) is the number of days rolled up at once.
    """
    started_at = now or timezone.now()
    today = local_today(started_at)
    if first_day is None or last_day is None:
        window = days_to_roll_up(today)
        first_day, last_day = window if window else (today, today)
    first_day = max(first_day, retention_cutoff(today))

    workers = settings.ANALYTICS_ROLLUP_WORKERS if workers is None else workers
    event_count = roll_up_days(first_day, last_day, workers=workers, progress=progress)
    month = Month.of(first_day)
    while month <= Month.of(last_day):
        roll_up_month(month)
        month = month.next()

    current = Month.of(today)
    take_catalogue_snapshot(current.previous(), now=started_at)
    take_catalogue_snapshot(current, now=started_at)
    run = RollupRun.objects.create(
        started_at=started_at,
        finished_at=timezone.now(),
        first_day=first_day,
        last_day=last_day,
        event_count=event_count,
    )
    logger.info("Rolled up %s events from %s to %s", event_count, first_day, last_day)
    return run


def retention_cutoff(today):
    """Return the first day whose raw events are kept: ANALYTICS_RETENTION_MONTHS before today."""
    month = Month.of(today).minus(settings.ANALYTICS_RETENTION_MONTHS)
    return month.first_day.replace(day=min(today.day, month.last_day.day))


def purge_events(*, today=None, dry_run=True):
    """Delete raw events from before the retention cutoff, a day at a time; return (cutoff, count).

    Days before the cutoff are long final, so their rollups are unaffected. A dry run only
    counts what would be deleted.
    """
    today = today or local_today()
    cutoff = retention_cutoff(today)
    old = UsageEvent.objects.filter(day__lt=cutoff)
    if dry_run:
        return cutoff, old.count()
    deleted = 0
    for day in old.values_list("day", flat=True).distinct().order_by("day"):
        with transaction.atomic():
            count, _per_model = UsageEvent.objects.filter(day=day).delete()
        deleted += count
    logger.info("Purged %s analytics events from before %s", deleted, cutoff)
    return cutoff, deleted
