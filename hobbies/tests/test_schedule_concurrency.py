"""The same weekly schedule saved twice at the same moment, as by a double click: one is kept.

Each save runs in its own thread with its own database connection, as two requests in two
server processes would. A barrier starts them together.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.utils import timezone

from core import testing
from hobbies.models import HobbyEvent, WeeklySchedule
from hobbies.services import save_schedule

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 5


def in_parallel(calls):
    return testing.run_in_parallel(calls, expected_errors=(ValidationError, OperationalError))


def new_schedule(hobby, start):
    return WeeklySchedule(
        hobby=hobby,
        weekdays=[start.isoweekday()],
        start_time=dt.time(17, 30),
        end_time=dt.time(19, 0),
        first_date=start,
        last_date=start + dt.timedelta(days=21),
    )


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_parallel_saves_keep_one_schedule(round_number):
    hobby = testing.make_hobby(provider=testing.make_provider(), location=testing.make_location())
    start = timezone.localdate() + dt.timedelta(days=7)

    results = in_parallel(
        [lambda: save_schedule(new_schedule(hobby, start)), lambda: save_schedule(new_schedule(hobby, start))]
    )

    assert WeeklySchedule.objects.filter(hobby=hobby).count() == 1
    assert HobbyEvent.objects.filter(hobby=hobby).count() == 4
    assert sorted(type(result).__name__ for result in results) == ["MaterialisationResult", "ValidationError"]
