"""Concurrent changes of a provider's members: at least one admin stays, and an invitation
is either accepted or revoked.

Each call runs in its own thread with its own database connection, as two requests in two
server processes would. A barrier starts them together.
"""

import datetime as dt
import secrets

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.utils import timezone

from audit.models import AuditLogEntry
from core import testing
from providers.models import Invitation, ProviderMembership
from providers.services import (
    accept_invitation,
    change_member_role,
    remove_member,
    revoke_invitation,
)

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 10


def in_parallel(calls):
    return testing.run_in_parallel(calls, expected_errors=(ValidationError, OperationalError))


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


def open_invitation(provider, email):
    return Invitation.objects.create(
        provider=provider,
        email=email,
        token_hash=secrets.token_hex(32),
        expires_at=timezone.now() + dt.timedelta(days=14),
    )


def test_revoke_after_accept_is_ignored():
    provider, first, _second, _memberships = two_admins()
    newcomer = testing.make_user(email="uusi.jasen@example.org")
    invitation = open_invitation(provider, newcomer.email)
    read_before_accept = Invitation.objects.get(pk=invitation.pk)

    accept_invitation(invitation, newcomer)
    revoke_invitation(read_before_accept, acting_user=first)

    stored = Invitation.objects.get(pk=invitation.pk)
    assert stored.accepted_at is not None
    assert stored.revoked_at is None
    assert not AuditLogEntry.objects.filter(action="member.invitation_revoked").exists()


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_parallel_accept_and_revoke_exclusive(round_number):
    provider, first, _second, _memberships = two_admins()
    newcomer = testing.make_user(email=f"uusi{round_number}@example.org")
    invitation = open_invitation(provider, newcomer.email)

    in_parallel(
        [
            lambda: accept_invitation(Invitation.objects.get(pk=invitation.pk), newcomer),
            lambda: revoke_invitation(Invitation.objects.get(pk=invitation.pk), acting_user=first),
        ]
    )

    stored = Invitation.objects.get(pk=invitation.pk)
    assert (stored.accepted_at is None) != (stored.revoked_at is None)
    joined = ProviderMembership.objects.filter(provider=provider, user=newcomer).exists()
    assert joined == (stored.accepted_at is not None)


def test_removing_a_removed_member_logs_once():
    provider, first, second, (_first_membership, second_membership) = two_admins()
    read_before_removal = ProviderMembership.objects.get(pk=second_membership.pk)

    remove_member(second_membership, acting_user=first)
    remove_member(read_before_removal, acting_user=first)

    assert not ProviderMembership.objects.filter(pk=second_membership.pk).exists()
    assert AuditLogEntry.objects.filter(action="member.removed").count() == 1
