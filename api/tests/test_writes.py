"""POST, PUT, PATCH and DELETE on the writable resources."""

import base64
import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from core import testing
from hobbies.models import Hobby, HobbyEvent
from places.models import Location
from providers.models import Provider, ProviderMembership

from .conftest import client_for


def png_bytes(width=8, height=8):
    output = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(output, format="PNG")
    return output.getvalue()


@pytest.fixture
def own(world):
    return client_for(world.users["own"])


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_create_hobby_as_web_ui_does(own, world):
    tree = testing.make_category_tree()

    response = own.post(
        "/api/v1/hobbies/",
        {
            "name": "Koripallokerho",
            "description": "Koripalloa yläkoululaisille",
            "categories": [tree["Ball games"].pk],
            "location": world.location.pk,
            "organizer": world.provider.pk,
            "price_type": "paid",
            "price_amount": 12.5,
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["price_amount"] == "12.50"
    assert body["permissions"] == {"can_edit": True}
    assert body["municipality"]["id"] == world.municipality.pk
    hobby = Hobby.objects.get(pk=body["id"])
    assert hobby.created_by == world.users["own"]
    assert hobby.status == Hobby.Status.PUBLISHED
    # The new hobby is searchable at once.
    assert world.hobby.pk not in [row["id"] for row in own.get("/api/v1/hobbies/?search=koripalloa").json()["results"]]
    assert [row["id"] for row in own.get("/api/v1/hobbies/?search=koripalloa").json()["results"]] == [hobby.pk]


@pytest.mark.parametrize(
    ("price_type", "amount", "code"),
    [("free", "5.00", "price_free_not_zero"), ("paid", "0", "price_missing"), ("annual", "-3", "price_negative")],
)
def test_price_rule_rejects_with_code(own, price_type, amount, code):
    response = own.post("/api/v1/hobbies/", {"name": "Kerho", "price_type": price_type, "price_amount": amount}, format="json")

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"price_amount": [code]}
    assert not Hobby.objects.filter(name_fi="Kerho").exists()


def test_put_ignores_read_only_keys(own, world):
    body = own.get(f"/api/v1/hobbies/{world.hobby.pk}/").json()
    body.update({"name": "Muutettu", "id": 999, "permissions": {"can_edit": False}, "municipality": None})
    del body["cover_image"]

    response = own.put(f"/api/v1/hobbies/{world.hobby.pk}/", body, format="json")

    assert response.status_code == 200, response.content
    world.hobby.refresh_from_db()
    assert world.hobby.name_fi == "Muutettu"
    assert world.hobby.municipality == world.municipality


def test_organizer_of_another_provider_is_rejected(own, world):
    response = own.post("/api/v1/hobbies/", {"name": "Kerho", "organizer": world.other_provider.pk}, format="json")

    assert response.status_code == 400
    assert list(response.json()["error_codes"]) == ["organizer"]


def test_delete_hobby_removes_sessions(own, world):
    response = own.delete(f"/api/v1/hobbies/{world.hobby.pk}/")

    assert response.status_code == 204
    assert not HobbyEvent.objects.filter(pk=world.session.pk).exists()


def test_base64_data_uri_image_is_stored_and_served(own, world, media):
    data_uri = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()

    response = own.patch(f"/api/v1/hobbies/{world.hobby.pk}/", {"cover_image": data_uri}, format="json")

    assert response.status_code == 200, response.content
    url = response.json()["cover_image"]
    assert url.startswith("http://testserver/media/hobbies/")
    world.hobby.refresh_from_db()
    assert default_storage.exists(world.hobby.cover_image.name)


def test_multipart_image_upload(own, world, media):
    upload = io.BytesIO(png_bytes())
    upload.name = "kuva.png"

    response = own.patch(f"/api/v1/hobbies/{world.hobby.pk}/", {"cover_image": upload}, format="multipart")

    assert response.status_code == 200, response.content
    assert response.json()["cover_image"].endswith(".png")


def test_replacing_and_clearing_image_removes_old_files(own, world, media, django_capture_on_commit_callbacks):
    bare = base64.b64encode(png_bytes()).decode()
    with django_capture_on_commit_callbacks(execute=True):
        own.patch(f"/api/v1/hobbies/{world.hobby.pk}/", {"cover_image": bare}, format="json")
    world.hobby.refresh_from_db()
    first = world.hobby.cover_image.name

    with django_capture_on_commit_callbacks(execute=True):
        own.patch(f"/api/v1/hobbies/{world.hobby.pk}/", {"cover_image": bare}, format="json")
    world.hobby.refresh_from_db()
    second = world.hobby.cover_image.name
    with django_capture_on_commit_callbacks(execute=True):
        cleared = own.patch(f"/api/v1/hobbies/{world.hobby.pk}/", {"cover_image": None}, format="json")

    assert first != second
    assert not default_storage.exists(first)
    assert not default_storage.exists(second)
    assert cleared.json()["cover_image"] is None


def test_image_dropped_from_body_is_kept(own, world, media):
    own.patch(f"/api/v1/hobbies/{world.hobby.pk}/", {"cover_image": base64.b64encode(png_bytes()).decode()}, format="json")

    response = own.patch(f"/api/v1/hobbies/{world.hobby.pk}/", {"name": "Toinen"}, format="json")

    assert response.json()["cover_image"] is not None


def bomb_png():
    """A PNG that claims 20000 × 20000 pixels: tiny on disk, 400 million pixels decoded."""
    output = io.BytesIO()
    Image.new("1", (20000, 20000)).save(output, format="PNG")
    return output.getvalue()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"plain text, not an image", "image_invalid"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image_svg"),
        (b"GIF89a" + b"\x00" * 20, "image_invalid"),
    ],
)
def test_non_images_are_400(own, world, media, content, code):
    response = own.patch(
        f"/api/v1/hobbies/{world.hobby.pk}/", {"cover_image": base64.b64encode(content).decode()}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"cover_image": [code]}


def test_decompression_bomb_is_400(own, world, media):
    response = own.patch(
        f"/api/v1/hobbies/{world.hobby.pk}/", {"cover_image": base64.b64encode(bomb_png()).decode()}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"cover_image": ["image_too_many_pixels"]}


def test_oversized_upload_is_400(own, world, media, settings):
    settings.MAX_UPLOAD_IMAGE_BYTES = 100

    response = own.patch(
        f"/api/v1/hobbies/{world.hobby.pk}/", {"cover_image": base64.b64encode(png_bytes(64, 64)).decode()}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"cover_image": ["image_too_large"]}


def test_invalid_base64_is_400(own, world):
    response = own.patch(f"/api/v1/hobbies/{world.hobby.pk}/", {"cover_image": "%%%not base64"}, format="json")

    assert response.json()["error_codes"] == {"cover_image": ["invalid_base64"]}


def test_recurring_sessions_keep_wall_clock_across_dst(own, world):
    response = own.post(
        "/api/v1/hobbyevents/",
        {
            "id": "tmp-7f3a",
            "hobby": world.hobby.pk,
            "start_date": "2030-10-15",
            "end_date": "2030-10-15",
            "start_time": "17:00",
            "end_time": "18:30",
            "is_recurrent": 1,
            "recurrency_count": 3,
        },
        format="multipart",
    )

    assert response.status_code == 201, response.content
    sessions = list(HobbyEvent.objects.filter(hobby=world.hobby, start_date__year=2030).order_by("start_at"))
    assert [session.start_date for session in sessions] == [
        dt.date(2030, 10, 15), dt.date(2030, 10, 22), dt.date(2030, 10, 29), dt.date(2030, 11, 5)
    ]
    assert {session.start_time for session in sessions} == {dt.time(17)}
    assert {session.start_weekday for session in sessions} == {2}


def test_too_many_repeats_is_400(own, world):
    response = own.post(
        "/api/v1/hobbyevents/",
        {"hobby": world.hobby.pk, "start_date": "2030-10-15", "end_date": "2030-10-15", "start_time": "17:00",
         "end_time": "18:00", "is_recurrent": True, "recurrency_count": 51},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"recurrency_count": ["out_of_range"]}


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"start_date": "0001-01-01", "start_time": "00:00"}, "start_date", "date_too_early"),
        ({"end_date": "0001-01-01", "end_time": "00:30"}, "end_date", "date_too_early"),
        ({"start_date": "9999-12-20", "end_date": "9999-12-20", "is_recurrent": True, "recurrency_count": 5},
         "start_date", "date_too_late"),
    ],
)
def test_session_year_out_of_range_is_400(own, world, fields, field, code):
    body = {"hobby": world.hobby.pk, "start_date": "2030-10-15", "end_date": "2030-10-15", "start_time": "17:00",
            "end_time": "18:00"}
    body.update(fields)
    count = HobbyEvent.objects.count()

    response = own.post("/api/v1/hobbyevents/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400, response.content
    assert response.json()["error_codes"] == {field: [code]}
    assert body[field] in response.json()[field][0]
    assert HobbyEvent.objects.count() == count


def test_session_end_before_start_rejected(own, world):
    response = own.post(
        "/api/v1/hobbyevents/",
        {"hobby": world.hobby.pk, "start_date": "2030-10-15", "end_date": "2030-10-15", "start_time": "17:00", "end_time": "16:00"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"end_time": ["end_before_start"]}


def test_moving_session_updates_next_session(own, world):
    response = own.patch(f"/api/v1/hobbyevents/{world.session.pk}/", {"start_date": "2000-01-01", "end_date": "2000-01-01", "start_time": "17:00", "end_time": "18:00"}, format="json")

    assert response.status_code == 200, response.content
    world.hobby.refresh_from_db()
    assert world.hobby.next_event_id is None


def test_location_with_geojson_point(own, world):
    response = own.post(
        "/api/v1/locations/",
        {"name": "Kenttä", "address": "Kenttätie 3", "zip_code": "02100", "city": "Espoo",
         "coordinates": {"type": "Point", "coordinates": [24.8, 60.2]}},
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["coordinates"] == {"type": "Point", "coordinates": [24.8, 60.2]}
    assert own.get(f"/api/v1/locations/{body['id']}/").status_code == 200


@pytest.mark.parametrize(
    "coordinates",
    [[24.8, 60.2], {"type": "Point", "coordinates": [24.8]}, {"type": "Point", "coordinates": [200, 60]}],
)
def test_bad_coordinates_are_400(own, coordinates):
    response = own.post("/api/v1/locations/", {"name": "X", "coordinates": coordinates}, format="json")

    assert response.status_code == 400
    assert list(response.json()["error_codes"]) == ["coordinates"]


def test_bad_zip_code_is_400(own):
    response = own.post("/api/v1/locations/", {"name": "X", "zip_code": "ABC"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["error_codes"]) == ["zip_code"]


def test_new_organizer_is_administered_by_creator(db):
    user = testing.make_user()
    api_client = client_for(user)

    municipality = testing.make_municipality()

    response = api_client.post(
        "/api/v1/organizers/", {"name": "Uusi seura ry", "municipality": municipality.pk}, format="json"
    )
    provider_id = response.json()["id"]
    renamed = api_client.patch(f"/api/v1/organizers/{provider_id}/", {"name": "Uusi nimi ry"}, format="json")
    listed = api_client.get("/api/v1/organizers/").json()

    assert response.status_code == 201
    assert Provider.objects.get(pk=provider_id).municipality == municipality
    assert ProviderMembership.objects.get(provider_id=provider_id).user == user
    assert ProviderMembership.objects.get(provider_id=provider_id).role == "admin"
    assert renamed.status_code == 200
    assert listed == [{"id": provider_id, "name": "Uusi nimi ry"}]


def test_organizer_takes_first_location_municipality(db):
    from places.models import PostalCode

    espoo = testing.make_municipality(code="049", name_fi="Espoo")
    PostalCode.objects.create(code="02100", name_fi="Espoo", municipality=espoo, latitude=60.175, longitude=24.805)
    api_client = client_for(testing.make_user())

    created = api_client.post("/api/v1/organizers/", {"name": "Uusi seura ry"}, format="json")
    organizer = Provider.objects.get(name_fi="Uusi seura ry")
    located = api_client.post(
        "/api/v1/locations/", {"name": "Sali", "zip_code": "02100", "organizer": organizer.pk}, format="json"
    )

    assert created.status_code == 201
    assert located.status_code == 201
    organizer.refresh_from_db()
    assert organizer.municipality == espoo


def test_location_without_name_or_organizer(db):
    api_client = client_for(testing.make_user())

    response = api_client.post(
        "/api/v1/locations/", {"name": "", "address": "Kenttätie 3", "zip_code": "", "city": "Espoo"}, format="json"
    )

    assert response.status_code == 201


def test_location_swapped_coordinates_are_read(own):
    body = {"name": "Sali", "coordinates": {"type": "Point", "coordinates": [60.18, 24.8]}}

    response = own.post("/api/v1/locations/", body, format="json")

    assert response.status_code == 201
    location = Location.objects.get(pk=response.json()["id"])
    assert (location.latitude, location.longitude) == (60.18, 24.8)


def test_unknown_municipality_of_new_organizer_is_400(own):
    response = own.post("/api/v1/organizers/", {"name": "Uusi seura ry", "municipality": 999999}, format="json")

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"municipality": ["does_not_exist"]}


def test_moderators_new_organizer_gets_their_municipality(world):
    moderator = client_for(world.users["moderator"])

    response = moderator.post("/api/v1/organizers/", {"name": "Uusi seura ry"}, format="json")

    assert response.status_code == 201
    assert Provider.objects.get(pk=response.json()["id"]).municipality == world.municipality


def test_organizer_name_is_required_and_bounded(own):
    assert own.post("/api/v1/organizers/", {}, format="json").json()["error_codes"] == {"name": ["required"]}
    assert own.post("/api/v1/organizers/", {"name": "x" * 257}, format="json").json()["error_codes"] == {
        "name": ["max_length"]
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"name": "Pariisi", "coordinates": {"type": "Point", "coordinates": [2.35, 48.85]}}, {"coordinates": ["outside_finland"]}),
    ],
)
def test_location_needs_a_point_in_finland(own, body, expected):
    response = own.post("/api/v1/locations/", body, format="json")

    assert response.status_code == 400
    assert response.json()["error_codes"] == expected
