"""Calendar months in Europe/Helsinki time, the unit of every report."""

import datetime as dt
import re
from dataclasses import dataclass

from hobbies.timeutils import local_today

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
# Months that reports can be asked for. The service keeps no figures from before 2000, and
# bounding the year keeps the previous and next month within what dates can hold.
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, value):
        """Return the Month for "YYYY-MM"; raise ValueError for anything else."""
        match = MONTH_PATTERN.match(str(value))
        if not match or not 1 <= int(match.group(2)) <= 12 or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
            raise ValueError(value)
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day):
        return cls(day.year, day.month)

    @classmethod
    def current(cls, now=None):
        return cls.of(local_today(now))

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self):
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self):
        return self.next().first_day - dt.timedelta(days=1)

    def previous(self):
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def next(self):
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def minus(self, months):
        index = self.year * 12 + self.month - 1 - months
        return Month(index // 12, index % 12 + 1)
