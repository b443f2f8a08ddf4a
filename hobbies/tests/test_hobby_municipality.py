"""A hobby's municipality, which decides who moderates it, follows its location or provider."""

import pytest
from rest_framework.test import APIClient

from core import testing
from hobbies.models import Hobby
from hobbies.services import save_hobby
from promotions.services import save_promotion


@pytest.fixture
def espoo(db):
    return testing.make_municipality(name_fi="Espoo", name_sv="Esbo")


@pytest.fixture
def helsinki(db):
    return testing.make_municipality(name_fi="Helsinki", name_sv="Helsingfors")


@pytest.fixture
def provider(espoo):
    return testing.make_provider(municipality=espoo)


@pytest.fixture
def editor(provider):
    return testing.make_member(provider, role="editor")


def published_hobby_at(location, provider, municipality):
    hobby = testing.make_hobby(provider=provider, location=location, municipality=municipality)
    Hobby.objects.filter(pk=hobby.pk).update(moderation_status=Hobby.Moderation.APPROVED)
    hobby.refresh_from_db()
    return hobby


def test_moved_hobby_takes_new_locations_municipality(provider, editor, espoo, helsinki):
    hobby = published_hobby_at(testing.make_location(municipality=helsinki, provider=provider), provider, helsinki)
    hobby.location = testing.make_location(municipality=espoo, provider=provider, postal_code="02150")

    save_hobby(hobby, acting_user=editor)

    hobby.refresh_from_db()
    assert hobby.municipality == espoo
    assert hobby.moderation_status == Hobby.Moderation.PENDING


def test_hobby_without_location_takes_providers_municipality(provider, editor, espoo, helsinki):
    hobby = published_hobby_at(testing.make_location(municipality=helsinki, provider=provider), provider, helsinki)
    hobby.location = None

    save_hobby(hobby, acting_user=editor)

    hobby.refresh_from_db()
    assert hobby.municipality == espoo


def test_new_hobby_without_location_takes_providers_municipality(provider, editor, espoo):
    hobby = Hobby(provider=provider, name_fi="Kerho", price_type=Hobby.PriceType.FREE)

    save_hobby(hobby, acting_user=editor)

    assert Hobby.objects.get(pk=hobby.pk).municipality == espoo


def test_moderator_creates_hobby_in_locations_municipality(provider, espoo, helsinki):
    moderator = testing.make_moderator(espoo)
    hobby = Hobby(
        provider=provider,
        location=testing.make_location(municipality=helsinki),
        name_fi="Kerho",
        price_type=Hobby.PriceType.FREE,
    )

    save_hobby(hobby, acting_user=moderator)

    assert Hobby.objects.get(pk=hobby.pk).municipality == helsinki


def test_api_write_moves_hobby_to_new_municipality(provider, editor, espoo, helsinki):
    hobby = published_hobby_at(testing.make_location(municipality=espoo, provider=provider), provider, espoo)
    location = testing.make_location(municipality=helsinki, provider=provider)
    client = APIClient()
    client.force_authenticate(editor)

    response = client.patch(f"/api/v1/hobbies/{hobby.pk}/", {"location": location.pk}, format="json")

    assert response.status_code == 200, response.content
    hobby.refresh_from_db()
    assert hobby.municipality == helsinki
    assert hobby.moderation_status == Hobby.Moderation.PENDING


def test_moved_promotion_takes_new_locations_municipality(provider, editor, espoo, helsinki):
    promotion = testing.make_promotion(provider, testing.make_location(municipality=helsinki), municipality=helsinki)
    promotion.location = testing.make_location(municipality=espoo, provider=provider)

    save_promotion(promotion, acting_user=editor)

    promotion.refresh_from_db()
    assert promotion.municipality == espoo
