"""Locations shared by several providers' hobbies and promotions: what blocks a delete or a
move, and how the error message names the organizers involved."""

import pytest

from core import testing
from places.models import Location
from places.services import delete_location

from .conftest import client_for


@pytest.fixture
def shared(world):
    """The spare location of the provider, with a hobby of the other provider at it."""
    world.other_provider.name_fi = "Tapiolan Taitoluistelijat ry"
    world.other_provider.save()
    testing.make_hobby(provider=world.other_provider, location=world.spare_location, municipality=None)
    return world.spare_location


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fi",
            "Paikkaa ei voi poistaa, koska sitä käyttävät harrastukset tai edut, joita et saa muuttaa. "
            "Niiden järjestäjät: Tapiolan Taitoluistelijat ry. Pyydä heitä tai moderaattoria valitsemaan niille "
            "ensin toinen paikka.",
        ),
        (
            "sv",
            "Platsen kan inte tas bort, eftersom hobbyer eller förmåner som du inte får ändra använder den. "
            "Deras arrangörer: Tapiolan Taitoluistelijat ry. Be dem eller en moderator att först välja en annan "
            "plats för dem.",
        ),
    ],
)
def test_delete_names_organizers_of_other_users(world, shared, language, expected):
    response = client_for(world.users["own"]).delete(f"/api/v1/locations/{shared.pk}/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [expected], "error_codes": {"non_field_errors": ["location_in_use"]}}
    assert Location.objects.filter(pk=shared.pk).exists()


def test_delete_names_users_without_organizer(world):
    testing.make_hobby(provider=None, location=world.spare_location, municipality=None)

    response = client_for(world.users["own"]).delete(f"/api/v1/locations/{world.spare_location.pk}/")

    assert "Niiden järjestäjät: (ei järjestäjää)." in response.json()["non_field_errors"][0]


def test_delete_by_administrator_leaves_hobbies_without_location(world, shared):
    response = client_for(world.users["administrator"]).delete(f"/api/v1/locations/{shared.pk}/")

    assert response.status_code == 204
    assert not world.other_provider.hobbies.filter(location__isnull=False).exists()


def test_own_hobbies_lose_deleted_location(world):
    hobby = testing.make_hobby(provider=world.provider, location=world.spare_location)

    response = client_for(world.users["own"]).delete(f"/api/v1/locations/{world.spare_location.pk}/")

    assert response.status_code == 204
    hobby.refresh_from_db()
    assert hobby.location is None


def test_location_of_a_promotion_cannot_be_deleted(world):
    response = client_for(world.users["administrator"]).delete(f"/api/v1/locations/{world.location.pk}/")

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"non_field_errors": ["location_needed_by_promotion"]}
    assert world.promotion.name_fi in response.json()["non_field_errors"][0]
    world.promotion.refresh_from_db()
    assert world.promotion.location == world.location


@pytest.mark.parametrize(
    "change",
    [
        {"coordinates": {"type": "Point", "coordinates": [24.7, 60.2]}},
        {"coordinates": None},
        {"address": "Toinen katu 5"},
        {"zip_code": "02100"},
        {"city": "Vantaa"},
    ],
)
def test_moving_location_of_other_users_is_400(world, shared, change):
    before = Location.objects.get(pk=shared.pk)

    response = client_for(world.users["own"]).patch(f"/api/v1/locations/{shared.pk}/", change, format="json")

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"non_field_errors": ["location_moved_under_others"]}
    after = Location.objects.get(pk=shared.pk)
    assert (after.latitude, after.longitude, after.street_address_fi, after.postal_code) == (
        before.latitude, before.longitude, before.street_address_fi, before.postal_code
    )


def test_renaming_shared_location_is_allowed(world, shared):
    response = client_for(world.users["own"]).patch(f"/api/v1/locations/{shared.pk}/", {"name": "Jäähalli"}, format="json")

    assert response.status_code == 200
    assert response.json()["name"] == "Jäähalli"


def test_moving_location_of_own_hobbies_allowed(world):
    testing.make_hobby(provider=world.provider, location=world.spare_location)

    response = client_for(world.users["own"]).patch(
        f"/api/v1/locations/{world.spare_location.pk}/", {"coordinates": {"type": "Point", "coordinates": [24.7, 60.2]}},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["coordinates"] == {"type": "Point", "coordinates": [24.7, 60.2]}


def test_delete_without_actor_checks_promotions_only(world, shared):
    delete_location(shared)

    assert not Location.objects.filter(pk=shared.pk).exists()
