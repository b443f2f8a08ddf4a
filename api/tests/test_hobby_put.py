"""PUT of a hobby as the web UI's edit form sends it: the object it read, sent back.

An object the API returns must be accepted back unchanged, by every role that may edit it.
"""

import base64
import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from core import testing
from hobbies.models import Hobby

from .conftest import client_for


def png_bytes():
    output = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(output, format="PNG")
    return output.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def unknown_price_hobby(world):
    """An imported hobby whose source states that it costs money but not how much."""
    return testing.make_hobby(
        provider=world.provider,
        municipality=world.municipality,
        data_source="hobbyt",
        origin_id="1234",
        price_type=Hobby.PriceType.PAID,
        price_amount=None,
    )


def read_back(api_client, hobby, *, drop=("cover_image",)):
    body = api_client.get(f"/api/v1/hobbies/{hobby.pk}/").json()
    return {key: value for key, value in body.items() if key not in drop}


@pytest.mark.parametrize("role", ["own", "moderator", "administrator"])
def test_unknown_price_survives_round_trip(world, unknown_price_hobby, role):
    api_client = client_for(world.users[role])
    body = read_back(api_client, unknown_price_hobby)

    response = api_client.put(f"/api/v1/hobbies/{unknown_price_hobby.pk}/", body, format="json")

    assert body["price_amount"] == "0.00"
    assert body["price_amount_known"] is False
    assert response.status_code == 200, response.content
    assert response.json()["price_amount_known"] is False
    unknown_price_hobby.refresh_from_db()
    assert unknown_price_hobby.price_amount is None
    assert unknown_price_hobby.price_type == Hobby.PriceType.PAID


def test_unknown_price_kept_when_amount_sent_as_number(world, unknown_price_hobby):
    response = client_for(world.users["own"]).patch(
        f"/api/v1/hobbies/{unknown_price_hobby.pk}/", {"price_type": "paid", "price_amount": 0}, format="json"
    )

    assert response.status_code == 200, response.content
    unknown_price_hobby.refresh_from_db()
    assert unknown_price_hobby.price_amount is None


@pytest.mark.parametrize(
    ("change", "status", "stored"),
    [
        ({"price_amount": "25.00"}, 200, (Hobby.PriceType.PAID, Decimal("25.00"))),
        ({"price_type": "free"}, 200, (Hobby.PriceType.FREE, Decimal("0.00"))),
        ({"price_type": "annual"}, 400, (Hobby.PriceType.PAID, None)),
    ],
)
def test_real_price_change_is_validated(world, unknown_price_hobby, change, status, stored):
    api_client = client_for(world.users["own"])
    body = read_back(api_client, unknown_price_hobby)
    body.update(change)

    response = api_client.put(f"/api/v1/hobbies/{unknown_price_hobby.pk}/", body, format="json")

    assert response.status_code == status, response.content
    unknown_price_hobby.refresh_from_db()
    assert (unknown_price_hobby.price_type, unknown_price_hobby.price_amount) == stored
    if status == 400:
        assert response.json()["error_codes"] == {"price_amount": ["price_missing"]}


def test_price_above_contract_maximum_is_accepted(world):
    response = client_for(world.users["own"]).patch(
        f"/api/v1/hobbies/{world.hobby.pk}/", {"price_type": "annual", "price_amount": "1450.00"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["price_amount"] == "1450.00"


def test_moderator_keeps_organizer_of_another_municipality(world):
    elsewhere = testing.make_provider(municipality=testing.make_municipality())
    elsewhere_location = testing.make_location(provider=elsewhere)
    hobby = testing.make_hobby(provider=elsewhere, location=elsewhere_location, municipality=world.municipality)
    moderator = client_for(world.users["moderator"])
    body = read_back(moderator, hobby)
    body["name"] = "Moderaattorin korjaama"

    response = moderator.put(f"/api/v1/hobbies/{hobby.pk}/", body, format="json")

    assert body["permissions"] == {"can_edit": True}
    assert response.status_code == 200, response.content
    hobby.refresh_from_db()
    assert (hobby.name_fi, hobby.provider, hobby.location) == ("Moderaattorin korjaama", elsewhere, elsewhere_location)


def test_moderator_cannot_change_to_organizer_outside_municipality(world):
    elsewhere = testing.make_provider(municipality=testing.make_municipality())
    moderator = client_for(world.users["moderator"])

    response = moderator.patch(f"/api/v1/hobbies/{world.hobby.pk}/", {"organizer": elsewhere.pk}, format="json")

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"organizer": ["does_not_exist"]}
    world.hobby.refresh_from_db()
    assert world.hobby.provider == world.provider


def test_moderator_may_choose_organizer_of_municipality(world):
    neighbour = testing.make_provider(municipality=world.municipality)

    response = client_for(world.users["moderator"]).patch(
        f"/api/v1/hobbies/{world.hobby.pk}/", {"organizer": neighbour.pk}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["organizer"] == neighbour.pk


def test_own_cover_image_url_sent_back_keeps_image(world, media):
    api_client = client_for(world.users["own"])
    api_client.patch(
        f"/api/v1/hobbies/{world.hobby.pk}/", {"cover_image": base64.b64encode(png_bytes()).decode()}, format="json"
    )
    world.hobby.refresh_from_db()
    stored = world.hobby.cover_image.name
    body = read_back(api_client, world.hobby, drop=())
    body["name"] = "Kuva pysyy"

    response = api_client.put(f"/api/v1/hobbies/{world.hobby.pk}/", body, format="json")

    assert body["cover_image"].startswith("http://testserver/media/hobbies/")
    assert response.status_code == 200, response.content
    world.hobby.refresh_from_db()
    assert world.hobby.cover_image.name == stored
    assert world.hobby.name_fi == "Kuva pysyy"


def test_category_image_url_keeps_no_image(world, media):
    category = testing.make_category("Sulkapallo")
    category.cover_image.save("sulkapallo.png", ContentFile(png_bytes()))
    world.hobby.categories.set([category])
    api_client = client_for(world.users["own"])
    body = read_back(api_client, world.hobby, drop=())

    response = api_client.put(f"/api/v1/hobbies/{world.hobby.pk}/", body, format="json")

    assert body["cover_image"].endswith(".png")
    assert response.status_code == 200, response.content
    world.hobby.refresh_from_db()
    assert not world.hobby.cover_image


def test_other_image_url_is_400(world):
    response = client_for(world.users["own"]).patch(
        f"/api/v1/hobbies/{world.hobby.pk}/", {"cover_image": "https://example.org/kuva.png"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"cover_image": ["image_url"]}


@pytest.mark.parametrize("endpoint", ["locations", "organizers"])
def test_location_and_organizer_survive_round_trip(world, endpoint):
    api_client = client_for(world.users["own"])
    target = world.location if endpoint == "locations" else world.provider
    body = api_client.get(f"/api/v1/{endpoint}/{target.pk}/").json()

    response = api_client.put(f"/api/v1/{endpoint}/{target.pk}/", body, format="json")

    assert response.status_code == 200, response.content
    assert response.json() == body


def test_session_survives_round_trip(world):
    api_client = client_for(world.users["moderator"])
    body = api_client.get(f"/api/v1/hobbyevents/{world.session.pk}/").json()

    response = api_client.put(f"/api/v1/hobbyevents/{world.session.pk}/", body, format="json")

    assert response.status_code == 200, response.content
    assert response.json() == body


def test_hobby_read_with_nested_objects_is_accepted_back(world):
    client = client_for(world.users["own"])
    url = f"/api/v1/hobbies/{world.hobby.pk}/"
    read = client.get(url + "?include=location_detail&include=organizer_detail").json()
    read.pop("cover_image", None)

    response = client.put(url, read, format="json")

    assert response.status_code == 200
    world.hobby.refresh_from_db()
    assert world.hobby.location_id == read["location"]["id"]
    assert world.hobby.provider_id == read["organizer"]["id"]
