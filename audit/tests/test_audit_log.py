"""The audit log: rows written by services, masked secrets, and who may read which rows."""

import pytest
from rest_framework.test import APIClient

from accounts.access import audit_visible_q
from api.models import ApiToken
from audit.log import MASK, changes_between, record
from audit.models import AuditLogEntry
from core import testing
from places.services import save_location
from promotions.services import save_promotion


def test_secret_fields_are_masked():
    changes = changes_between({"password": "old", "name": "A"}, {"password": "new", "name": "B"})

    assert changes == {"password": [MASK, MASK], "name": ["A", "B"]}


def test_unchanged_fields_are_left_out():
    assert changes_between({"name": "A", "city": "Espoo"}, {"name": "A", "city": "Esbo"}) == {"city": ["Espoo", "Esbo"]}


def test_api_token_change_names_its_user(db, municipality):
    provider = testing.make_provider(municipality=municipality)
    location = testing.make_location(municipality=municipality, provider=provider)
    user = testing.make_member(provider, role="editor")
    _token, key = ApiToken.issue(user=user, name="Integraatio")
    client = APIClient()

    response = client.patch(
        f"/api/v1/locations/{location.pk}/", {"city": "Esbo"}, format="json", HTTP_AUTHORIZATION=f"Token {key}"
    )

    assert response.status_code == 200
    entry = AuditLogEntry.objects.get(action="location.updated")
    assert entry.actor == user
    assert entry.actor_name == user.username
    assert entry.channel == AuditLogEntry.Channel.API
    assert entry.changes == {"city_fi": ["Helsinki", "Esbo"]}
    assert entry.provider_id == provider.pk
    assert entry.municipality_id == municipality.pk


def test_service_without_changes_writes_no_row(db, location):
    save_location(location, acting_user=None)

    assert not AuditLogEntry.objects.filter(action="location.updated").exists()


def test_promotion_changes_are_recorded(db, provider, location):
    promotion = testing.make_promotion(provider, location)
    promotion.total_quantity = 25
    user = testing.make_member(provider)

    save_promotion(promotion, acting_user=user)

    entry = AuditLogEntry.objects.get(action="promotion.updated")
    assert entry.changes == {"total_quantity": [10, 25]}
    assert entry.actor == user


@pytest.fixture
def two_organizations(db):
    espoo = testing.make_municipality(name_fi="Espoo")
    vantaa = testing.make_municipality(name_fi="Vantaa")
    own = testing.make_provider(municipality=espoo)
    other = testing.make_provider(municipality=vantaa)
    own_row = record("provider.updated", own, actor=None, provider_id=own.pk, municipality_id=espoo.pk)
    other_row = record("provider.updated", other, actor=None, provider_id=other.pk, municipality_id=vantaa.pk)
    return espoo, own, own_row, other_row


@pytest.mark.parametrize("role", ["admin", "editor"])
def test_members_read_their_organizations_rows(two_organizations, role):
    _espoo, own, own_row, _other_row = two_organizations
    member = testing.make_member(own, role=role)

    assert list(AuditLogEntry.objects.filter(audit_visible_q(member))) == [own_row]


def test_moderators_read_their_municipalitys_rows(two_organizations):
    espoo, _own, own_row, _other_row = two_organizations

    assert list(AuditLogEntry.objects.filter(audit_visible_q(testing.make_moderator(espoo)))) == [own_row]


def test_administrators_read_every_row(two_organizations):
    administrator = testing.make_user(is_national_admin=True)

    assert AuditLogEntry.objects.filter(audit_visible_q(administrator)).count() == 2


def test_anonymous_reads_nothing(two_organizations):
    from django.contrib.auth.models import AnonymousUser

    assert not AuditLogEntry.objects.filter(audit_visible_q(AnonymousUser())).exists()
