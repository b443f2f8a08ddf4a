"""A location that changes municipality takes its hobbies and promotions along."""

import pytest

from core import testing
from hobbies.models import Hobby
from places.services import save_location

pytestmark = pytest.mark.django_db


def test_location_move_carries_hobbies_and_promotions():
    helsinki = testing.make_municipality(code="091", name_fi="Helsinki")
    espoo = testing.make_municipality(code="049", name_fi="Espoo")
    provider = testing.make_provider(municipality=helsinki)
    editor = testing.make_member(provider, role="editor")
    location = testing.make_location(provider=provider, municipality=helsinki)
    hobby = testing.make_hobby(provider=provider, location=location, municipality=helsinki)
    promotion = testing.make_promotion(provider, location, municipality=helsinki)

    location.municipality = espoo
    save_location(location, acting_user=editor)

    hobby.refresh_from_db()
    promotion.refresh_from_db()
    assert hobby.municipality == espoo
    assert hobby.moderation_status == Hobby.Moderation.PENDING
    assert promotion.municipality == espoo
