"""Small-count suppression: the one rule that every report output goes through.

A count below THRESHOLD could single out a pupil in a small municipality, so no output
shows it: pages, CSV and XLSX show "< 5", and JSON shows null. Reports hold only
PublicCount values made by `public_count`, so an output cannot reach the exact number.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.utils.formats import number_format

THRESHOLD = 5
SUPPRESSED_TEXT = f"< {THRESHOLD}"


@dataclass(frozen=True)
class PublicCount:
    """A count as it may be published: `value` is None when the true count is below THRESHOLD."""

    value: int | None

    @property
    def is_suppressed(self):
        return self.value is None

    def __str__(self):
        if self.value is None:
            return SUPPRESSED_TEXT
        return number_format(self.value, force_grouping=True)


def public_count(count):
    """Return the publishable form of a true count."""
    return PublicCount(count if count >= THRESHOLD else None)


@dataclass(frozen=True)
class Figure:
    """A count for the month beside the previous month's and the change between them.

    The change is None when either count is suppressed, because a change would reveal
    the suppressed number.
    """

    current: PublicCount
    previous: PublicCount
    change: int | None
    change_percent: float | None


@lru_cache(maxsize=65536)
def figure(current, previous):
    """Return the Figure of two true counts: this month's and the previous month's.

    Cached because the reports of all municipalities repeat the same small pairs hundreds of
    thousands of times. A Figure is immutable, so reports may share one.
    """
    current_public, previous_public = public_count(current), public_count(previous)
    if current_public.is_suppressed or previous_public.is_suppressed:
        return Figure(current_public, previous_public, None, None)
    change = current - previous
    return Figure(current_public, previous_public, change, round(100 * change / previous, 1))


def format_change(fig):
    """Return a figure's change as text, such as "+12 (+4.5 %)", or "–" when it is unknown."""
    if fig.change is None:
        return "–"
    sign = "+" if fig.change > 0 else ""
    percent_sign = "+" if fig.change_percent > 0 else ""
    return (
        f"{sign}{number_format(fig.change, force_grouping=True)} "
        f"({percent_sign}{number_format(fig.change_percent, decimal_pos=1)} %)"
    )
