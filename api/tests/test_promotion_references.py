"""Promotion writes check their references, bounds and text as hobbies do."""

import base64
import io

import pytest
from PIL import Image

from core import testing

from .conftest import client_for

pytestmark = pytest.mark.django_db


def promotion_body(world, **fields):
    body = {
        "name": "Kokeilu",
        "description": "Ilmainen kokeilukerta",
        "start_date": "2030-01-01",
        "start_time": "08:00",
        "end_date": "2030-02-01",
        "end_time": "20:00",
        "organizer": world.provider.pk,
        "location": world.location.pk,
        "available_count": 3,
    }
    body.update(fields)
    return body


def post(world, user="own", **fields):
    return client_for(world.users[user]).post("/api/v1/promotions/", promotion_body(world, **fields), format="json")


@pytest.mark.parametrize("description", ["", "   ", "\u200b\u200b"])
def test_description_is_required(world, description):
    response = post(world, description=description)
    assert response.status_code == 400
    assert "description" in response.json()


@pytest.mark.parametrize(
    ("field", "value"),
    [("available_count", 2_147_483_648), ("available_count", 1_000_001), ("per_device_limit", 101), ("per_device_limit", 40_000)],
)
def test_quantities_above_bounds_rejected(world, field, value):
    response = post(world, **{field: value})
    assert response.status_code == 400
    assert field in response.json()


def test_other_providers_hobby_answers_like_missing_one(world):
    other_hobby = testing.make_hobby(provider=world.other_provider)
    draft = testing.make_hobby(provider=world.other_provider, status="draft")

    not_yours = post(world, hobby=other_hobby.pk)
    draft_response = post(world, hobby=draft.pk)
    missing = post(world, hobby=999_999)

    assert not_yours.status_code == draft_response.status_code == missing.status_code == 400
    message = missing.json()["hobby"][0].replace("999999", "{id}")
    assert not_yours.json()["hobby"][0].replace(str(other_hobby.pk), "{id}") == message
    assert draft_response.json()["hobby"][0].replace(str(draft.pk), "{id}") == message


def test_own_hobby_accepted(world):
    response = post(world, hobby=world.hobby.pk)
    assert response.status_code == 201, response.content
    assert response.json()["hobby"] == world.hobby.pk


def test_other_providers_location_answers_like_missing_one(world):
    not_yours = post(world, location=world.other_location.pk)
    missing = post(world, location=999_999)

    assert not_yours.status_code == missing.status_code == 400
    assert not_yours.json()["location"][0].replace(str(world.other_location.pk), "{id}") == missing.json()["location"][
        0
    ].replace("999999", "{id}")


def test_shared_imported_place_may_be_used(world):
    response = post(world, location=world.public_location.pk)
    assert response.status_code == 201, response.content


def test_rejected_write_leaves_no_image_file(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    output = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(output, format="PNG")
    image = base64.b64encode(output.getvalue()).decode()

    created = post(world, cover_image=image, end_date="2029-01-01")
    patched = client_for(world.users["own"]).patch(
        f"/api/v1/promotions/{world.promotion.pk}/", {"cover_image": image, "end_date": "2000-01-01"}, format="json"
    )

    assert created.status_code == 400
    assert patched.status_code == 400
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
