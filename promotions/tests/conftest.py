"""Fixtures of the promotions tests: one provider's promotion and a user per role."""

from types import SimpleNamespace

import pytest

from core import testing


@pytest.fixture
def shop(db):
    """A municipality with a provider, its promotion, and users of every role."""
    municipality = testing.make_municipality()
    provider = testing.make_provider(municipality=municipality)
    other_provider = testing.make_provider()
    location = testing.make_location(municipality=municipality)
    promotion = testing.make_promotion(provider, location, total_quantity=5)
    return SimpleNamespace(
        municipality=municipality,
        provider=provider,
        location=location,
        promotion=promotion,
        other_promotion=testing.make_promotion(other_provider, location),
        member=testing.make_member(provider, role="editor"),
        other_member=testing.make_member(other_provider, role="admin"),
        moderator=testing.make_moderator(municipality),
        other_moderator=testing.make_moderator(testing.make_municipality()),
        administrator=testing.make_user(is_national_admin=True),
    )


def device_key(number):
    """Return a valid device key, different for each `number`."""
    return f"test-device-key-{number:06d}-abcdefghijklmnop"
