"""Two admins change the provider's admins at the same moment: at least one admin stays.

Each call runs in its own thread with its own database connection, as two requests in two
server processes would. A barrier starts them together.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from core import testing
from providers.models import ProviderMembership
from providers.services import change_member_role, remove_member

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 10


def in_parallel(calls):
    """Run the callables at the same moment, each in its own thread. Return each one's
    result or the error it raised."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(timeout=30)
        try:
            return call()
        except (ValidationError, OperationalError) as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def two_admins():
    provider = testing.make_provider()
    first = testing.make_member(provider, role="admin")
    second = testing.make_member(provider, role="admin")
    memberships = ProviderMembership.objects.filter(provider=provider).order_by("pk")
    return provider, first, second, list(memberships)


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_admins_removing_each_other_leave_one(round_number):
    provider, first, second, (first_membership, second_membership) = two_admins()

    results = in_parallel(
        [
            lambda: remove_member(second_membership, acting_user=first),
            lambda: remove_member(first_membership, acting_user=second),
        ]
    )

    assert ProviderMembership.objects.filter(provider=provider, role="admin").count() == 1
    assert sorted(type(result).__name__ for result in results) == ["NoneType", "ValidationError"]


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_admins_demoting_themselves_leave_one(round_number):
    provider, first, second, (first_membership, second_membership) = two_admins()

    results = in_parallel(
        [
            lambda: change_member_role(first_membership, "editor", acting_user=first),
            lambda: change_member_role(second_membership, "editor", acting_user=second),
        ]
    )

    assert ProviderMembership.objects.filter(provider=provider, role="admin").count() == 1
    assert sorted(type(result).__name__ for result in results) == ["ProviderMembership", "ValidationError"]
