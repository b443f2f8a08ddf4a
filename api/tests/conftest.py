"""Fixtures of the API tests: one small catalogue in one municipality and a user per role.

Roles: anonymous, a member of the catalogue's provider ("own"), a member of another
provider ("other"), a moderator of the catalogue's municipality and a national administrator.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core import testing
from promotions.models import PromotionUse

ROLES = ("anonymous", "own", "other", "moderator", "administrator")


def client_for(user):
    api_client = APIClient()
    if user is not None:
        api_client.force_authenticate(user)
    return api_client


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def world(db):
    """A municipality with one provider's location, hobby, session, promotion and use.

    Besides: an unused location of the provider, a location of another provider outside the
    municipality, and a shared imported place that no provider maintains.
    """
    municipality = testing.make_municipality(name_fi="Espoo", name_sv="Esbo")
    provider = testing.make_provider(municipality=municipality)
    other_provider = testing.make_provider()
    location = testing.make_location(municipality=municipality, provider=provider)
    spare_location = testing.make_location(municipality=municipality, provider=provider)
    other_location = testing.make_location(provider=other_provider)
    public_location = testing.make_location(data_source="lipas", origin_id="72791", municipality=municipality)
    hobby = testing.make_hobby(provider=provider, location=location, municipality=municipality)
    session = testing.make_session(hobby, timezone.now() + dt.timedelta(days=2))
    promotion = testing.make_promotion(provider, location)
    use = PromotionUse.objects.create(promotion=promotion, code="ABCD-EFGH")
    users = {
        "anonymous": None,
        "own": testing.make_member(provider, role="admin"),
        "other": testing.make_member(other_provider, role="admin"),
        "moderator": testing.make_moderator(municipality),
        "administrator": testing.make_user(is_national_admin=True),
    }
    return SimpleNamespace(
        municipality=municipality,
        provider=provider,
        other_provider=other_provider,
        location=location,
        spare_location=spare_location,
        other_location=other_location,
        public_location=public_location,
        hobby=hobby,
        session=session,
        promotion=promotion,
        use=use,
        users=users,
    )
