"""Locks that let only one transaction at a time recompute the same day, month or snapshot."""

from django.db import connection

# First keys of the PostgreSQL advisory locks; the second key is the day's ordinal.
DAY_LOCK = 0x48500001
MONTH_LOCK = 0x48500002
SNAPSHOT_LOCK = 0x48500003


def lock_rollup(kind, day):
    """Wait until no other transaction recomputes the same `kind` of `day`, then hold it until commit.

    Two rollups of one day would otherwise both delete the old rows and both insert new
    ones, and the later insert fails on the unique constraint. SQLite needs no lock: its
    transactions take the write lock at BEGIN (transaction_mode IMMEDIATE).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [kind, day.toordinal()])
