"""Reading the monthly sums of many municipal reports at once, leaving out rows no report shows.

A month of a large municipality has tens of thousands of hobby subjects, nearly all viewed
once or twice, and a report shows at most TOP_ROWS of them. Reading every row of 308
municipalities into Python took most of the report build. So for the ranked metrics the
query below keeps only the subjects that `reports.ranked` can show. These are the TOP_ROWS
highest counts (with ties) that are not suppressed, or every subject when fewer than
TOP_ROWS are not suppressed, because suppressed subjects then fill the list in name order. The previous
month's rows are kept only for those subjects. Totals are summed in SQL from all rows.
"""

import datetime as dt

from django.db import connection

from .models import Metric, MonthlyCount
from .suppression import THRESHOLD

TOP_ROWS = 20

# Ranked metric -> the smallest count a report lists (searches below the threshold are never listed).
RANKED_METRICS = {
    Metric.HOBBY_VIEWS: 0,
    Metric.FAVOURITES_ADDED: 0,
    Metric.SEARCHES: THRESHOLD,
    Metric.ZERO_RESULT_SEARCHES: THRESHOLD,
}


def _quoted(values):
    return ", ".join(f"'{value}'" for value in values)


def _rows_sql(code_count):
    """Return the SELECT of the kept rows of two months for `code_count` municipalities."""
    table = MonthlyCount._meta.db_table
    ranked = _quoted(RANKED_METRICS)
    minimum = " ".join(f"WHEN '{metric}' THEN {count}" for metric, count in RANKED_METRICS.items())
    codes = ", ".join(["%s"] * code_count)
    return f"""
        WITH scoped AS (
            SELECT month, municipality_code, metric, subject_id, subject_text, count FROM {table}
            WHERE month IN (%s, %s) AND municipality_code IN ({codes})
        ),
        candidates AS (
            SELECT municipality_code, metric, subject_id, subject_text, count,
                RANK() OVER (PARTITION BY municipality_code, metric ORDER BY count DESC) AS position,
                SUM(CASE WHEN count >= {THRESHOLD} THEN 1 ELSE 0 END)
                    OVER (PARTITION BY municipality_code, metric) AS visible
            FROM scoped
            WHERE month = %s AND metric IN ({ranked})
                AND count >= CASE metric {minimum} END
                AND NOT (subject_id = 0 AND subject_text = '')
        ),
        shown AS (
            SELECT municipality_code, metric, subject_id, subject_text FROM candidates
            WHERE (count >= {THRESHOLD} AND position <= {TOP_ROWS}) OR visible < {TOP_ROWS}
        )
        SELECT s.municipality_code, s.month, s.metric, s.subject_id, s.subject_text, s.count FROM scoped s
        WHERE s.metric NOT IN ({ranked}, '{Metric.FAVOURITES_REMOVED}')
            OR EXISTS (
                SELECT 1 FROM shown h
                WHERE h.municipality_code = s.municipality_code AND h.metric = s.metric
                    AND h.subject_id = s.subject_id AND h.subject_text = s.subject_text
            )
            OR (s.metric = '{Metric.FAVOURITES_REMOVED}' AND EXISTS (
                SELECT 1 FROM shown h
                WHERE h.municipality_code = s.municipality_code AND h.metric = '{Metric.FAVOURITES_ADDED}'
                    AND h.subject_id = s.subject_id
            ))
    """


def _totals_sql(code_count):
    codes = ", ".join(["%s"] * code_count)
    return (
        f"SELECT municipality_code, month, metric, SUM(count) FROM {MonthlyCount._meta.db_table} "
        f"WHERE month IN (%s, %s) AND municipality_code IN ({codes}) "
        "GROUP BY municipality_code, month, metric"
    )


def read_shown_rows(month, codes):
    """Return {(code, month's first day): (rows, totals)} for `month` and the month before.

    `rows` are (metric, subject id, subject text, count) tuples of the subjects that a
    report may show, and `totals` is {metric: sum of all its rows}.
    """
    current, previous = month.first_day, month.previous().first_day
    codes = list(codes)
    result = {}
    with connection.cursor() as cursor:
        cursor.execute(_totals_sql(len(codes)), [previous, current, *codes])
        for code, first_day, metric, total in cursor.fetchall():
            # SQLite returns dates from a raw query as text.
            scope = (code, dt.date.fromisoformat(str(first_day)))
            result.setdefault(scope, ([], {}))[1][metric] = total
        cursor.execute(_rows_sql(len(codes)), [previous, current, *codes, current])
        for code, first_day, metric, subject_id, subject_text, count in cursor.fetchall():
            scope = (code, dt.date.fromisoformat(str(first_day)))
            result.setdefault(scope, ([], {}))[0].append((metric, subject_id, subject_text, count))
    return result
