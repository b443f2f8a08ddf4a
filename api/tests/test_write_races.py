"""Writes of a hobby and its sessions that race its delete, against a live server.

Each request runs in its own server thread with its own database connection, so the
delete and the writes meet as they would in separate server processes.
"""

import datetime as dt

import pytest
from django.utils import timezone

from core import testing
from hobbies.models import Hobby, HobbyEvent
from promotions.tests.conftest import parallel_live_server  # noqa: F401  (a fixture)
from promotions.tests.test_use_concurrency import _issue_token, request

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("round_number", range(3))
def test_delete_racing_writes_leaves_nothing(parallel_live_server, round_number):  # noqa: F811
    hobby = testing.make_hobby(provider=testing.make_provider())
    testing.make_session(hobby, timezone.now() + dt.timedelta(days=2))
    _token, key = _issue_token(testing.make_member(hobby.provider, role="admin"))
    headers = {"Authorization": f"Token {key}"}
    url = f"{parallel_live_server}/api/v1/hobbies/{hobby.pk}/"
    session = {"hobby": hobby.pk, "start_date": "2030-10-15", "end_date": "2030-10-15", "start_time": "17:00",
               "end_time": "18:00", "is_recurrent": True, "recurrency_count": 3}
    patches = [lambda number=number: request("PATCH", url, headers=headers, body={"name": f"Nimi {number}"})
               for number in range(4)]
    sessions = [lambda: request("POST", f"{parallel_live_server}/api/v1/hobbyevents/", headers=headers, body=session)] * 4
    delete = [lambda: request("DELETE", url, headers=headers)]

    results = testing.run_in_parallel(patches[:2] + sessions[:2] + delete + patches[2:] + sessions[2:])

    statuses = [status for status, _body in results]
    assert statuses[4] == 204
    assert {statuses[index] for index in (0, 1, 5, 6)} <= {200, 404}
    assert {statuses[index] for index in (2, 3, 7, 8)} <= {201, 400}
    assert not Hobby.objects.filter(pk=hobby.pk).exists()
    assert not HobbyEvent.objects.filter(hobby_id=hobby.pk).exists()
