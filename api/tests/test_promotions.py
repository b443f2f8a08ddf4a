"""promotions/ and benefits/: v1 fields, filters, and uses that never exceed the quantity."""

import datetime as dt

import pytest
from django.utils import timezone

from core import testing
from promotions.models import Promotion, PromotionUse

from .conftest import client_for

PROMOTION_FIELDS = {
    "id": int, "name": str, "description": str, "start_date": str, "start_time": str, "end_date": str,
    "end_time": str, "organizer": int, "location": int, "available_count": int, "used_count": int,
    "municipality": int, "created_at": str, "updated_at": str,
}


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()]


def test_fields_and_types_follow_v1(client, world):
    rows = client.get("/api/v1/promotions/?include=location_detail").json()

    assert isinstance(rows, list)
    for name, kind in PROMOTION_FIELDS.items():
        if name != "location":
            assert isinstance(rows[0][name], kind), name
    assert rows[0]["location"]["id"] == world.location.pk
    assert rows[0]["cover_image"] is None


def test_filters_of_the_mobile_apps(client, world):
    now = timezone.now()
    ended = testing.make_promotion(world.provider, world.location, valid_from=now - dt.timedelta(days=9), valid_until=now - dt.timedelta(days=1))
    used_up = testing.make_promotion(world.provider, world.location, total_quantity=2)
    Promotion.objects.filter(pk=used_up.pk).update(used_count=2)
    far = testing.make_promotion(world.provider, testing.make_location(latitude=68.0, longitude=27.0))

    upcoming = ids(client.get("/api/v1/promotions/?exclude_past_events=true"))
    usable = ids(client.get("/api/v1/promotions/?usable_only=true"))
    near = ids(client.get(
        "/api/v1/promotions/?exclude_past_events=true&usable_only=true&include=location_detail"
        "&ordering=nearest&ordering=nearest&near_latitude=60.17&near_longitude=24.94&max_distance=45"
    ))

    assert ended.pk not in upcoming
    assert used_up.pk not in usable
    assert near == [world.promotion.pk]
    assert far.pk in ids(client.get("/api/v1/promotions/?ordering=nearest&near_latitude=60.17&near_longitude=24.94"))


def test_search_and_editable_only(world):
    world.promotion.name_fi = "Sirkuskoulun kokeilu"
    world.promotion.save()
    testing.make_promotion(world.other_provider, world.location, name_fi="Uintikokeilu")

    assert ids(client_for(None).get("/api/v1/promotions/?search=sirkus")) == [world.promotion.pk]
    assert ids(client_for(world.users["own"]).get("/api/v1/promotions/?editable_only=true")) == [world.promotion.pk]
    assert ids(client_for(None).get("/api/v1/promotions/?editable_only=true")) == []


def test_search_with_thousands_of_words(world):
    world.promotion.name_fi = "Sirkuskoulun kokeilu"
    world.promotion.save()
    repeated = " ".join(["SIRKUS", "sirkus"] * 1500)
    distinct = " ".join(f"sana{number}" for number in range(1500))

    assert ids(client_for(None).get("/api/v1/promotions/", {"search": repeated})) == [world.promotion.pk]
    assert ids(client_for(None).get("/api/v1/promotions/", {"search": distinct})) == []


def test_promotion_create_sets_creator_not_count(world):
    own = client_for(world.users["own"])

    response = own.post(
        "/api/v1/promotions/",
        {"name": "Kokeilu", "description": "Ilmainen", "start_date": "2030-01-01", "start_time": "08:00",
         "end_date": "2030-02-01", "end_time": "20:00", "organizer": world.provider.pk,
         "location": world.location.pk, "available_count": 3, "used_count": 3, "created_by": 12345},
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["used_count"] == 0
    assert body["created_by"] == world.users["own"].pk
    assert body["start_time"] == "08:00:00"
    assert body["id"] in ids(own.get("/api/v1/promotions/?editable_only=true"))


def test_quantity_cannot_drop_below_uses(world):
    Promotion.objects.filter(pk=world.promotion.pk).update(used_count=4)

    response = client_for(world.users["own"]).patch(
        f"/api/v1/promotions/{world.promotion.pk}/", {"available_count": 3}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"available_count": ["quantity_below_used"]}


def test_editing_does_not_change_used_count(world):
    Promotion.objects.filter(pk=world.promotion.pk).update(used_count=4)

    client_for(world.users["own"]).patch(
        f"/api/v1/promotions/{world.promotion.pk}/", {"name": "Uusi", "used_count": 0}, format="json"
    )

    world.promotion.refresh_from_db()
    assert world.promotion.used_count == 4


@pytest.mark.parametrize("body_format", ["json", "multipart"])
def test_benefit_post_counts_one_use(world, body_format):
    response = client_for(world.users["other"]).post(
        "/api/v1/benefits/", {"promotion": world.promotion.pk}, format=body_format
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "promotion", "created_at", "updated_at", "code"}
    assert len(body["code"]) == 9
    world.promotion.refresh_from_db()
    assert world.promotion.used_count == 1


def test_urlencoded_benefit_post(world):
    api_client = client_for(world.users["other"])

    response = api_client.post(
        "/api/v1/benefits/",
        f"promotion={world.promotion.pk}",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 201


def test_last_use_then_400_and_nothing_changes(world):
    Promotion.objects.filter(pk=world.promotion.pk).update(total_quantity=2, used_count=1)
    api_client = client_for(world.users["other"])
    uses_before = PromotionUse.objects.count()

    last = api_client.post("/api/v1/benefits/", {"promotion": world.promotion.pk}, format="json")
    over = api_client.post("/api/v1/benefits/", {"promotion": world.promotion.pk}, format="json")

    assert last.status_code == 201
    assert over.status_code == 400
    assert over.json()["error_codes"] == {"non_field_errors": ["promotion_used_up"]}
    world.promotion.refresh_from_db()
    assert world.promotion.used_count == 2
    assert PromotionUse.objects.count() == uses_before + 1


def test_ended_promotion_cannot_be_used(world):
    Promotion.objects.filter(pk=world.promotion.pk).update(
        valid_from=timezone.now() - dt.timedelta(days=5), valid_until=timezone.now() - dt.timedelta(days=1)
    )

    response = client_for(world.users["other"]).post("/api/v1/benefits/", {"promotion": world.promotion.pk}, format="json")

    assert response.json()["error_codes"] == {"non_field_errors": ["promotion_ended"]}


def test_unknown_promotion_is_400_on_promotion(world):
    response = client_for(world.users["other"]).post("/api/v1/benefits/", {"promotion": 999999}, format="json")

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"promotion": ["does_not_exist"]}


def test_public_benefit_list_hides_codes(client, world):
    rows = client.get("/api/v1/benefits/").json()

    assert rows == [
        {"id": world.use.pk, "promotion": world.promotion.pk, "created_at": world.use.created_at.isoformat(),
         "updated_at": world.use.updated_at.isoformat()}
    ]


def test_promotion_image_replaced_and_deleted(world, settings, tmp_path, django_capture_on_commit_callbacks):
    import base64
    import io

    from django.core.files.storage import default_storage
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    output = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(output, format="JPEG")
    image = base64.b64encode(output.getvalue()).decode()
    own = client_for(world.users["own"])

    with django_capture_on_commit_callbacks(execute=True):
        response = own.patch(f"/api/v1/promotions/{world.promotion.pk}/", {"cover_image": image}, format="json")
    world.promotion.refresh_from_db()
    stored = world.promotion.cover_image.name
    with django_capture_on_commit_callbacks(execute=True):
        own.delete(f"/api/v1/promotions/{world.promotion.pk}/")

    assert response.json()["cover_image"].endswith(".jpg")
    assert stored
    assert not default_storage.exists(stored)


def promotion_body(world, **overrides):
    body = {
        "name": "Kokeilu", "description": "Ilmainen", "start_date": "2030-01-01", "start_time": "08:00",
        "end_date": "2030-02-01", "end_time": "20:00", "organizer": world.provider.pk,
        "location": world.location.pk, "available_count": 3,
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"available_count": -1}, {"available_count": ["quantity_too_low"]}),
        ({"start_date": "1999-01-01"}, {"start_date": ["date_too_early"]}),
        ({"start_date": "0001-01-01"}, {"start_date": ["date_too_early"]}),
        ({"end_date": "9999-12-31"}, {"end_date": ["date_too_late"]}),
        ({"start_date": "2027-03-28", "start_time": "03:30", "end_date": "2027-04-01"}, {"start_time": ["nonexistent_time"]}),
    ],
)
def test_promotion_bounds_match_the_portal(world, overrides, expected):
    response = client_for(world.users["own"]).post("/api/v1/promotions/", promotion_body(world, **overrides), format="json")

    assert response.status_code == 400, response.content
    assert response.json()["error_codes"] == expected


def test_promotion_quantity_zero_is_accepted(world):
    response = client_for(world.users["own"]).post(
        "/api/v1/promotions/", promotion_body(world, available_count=0), format="json"
    )

    assert response.status_code == 201, response.content


def test_negative_quantity_message_names_the_minimum(world):
    response = client_for(world.users["own"]).post(
        "/api/v1/promotions/", promotion_body(world, available_count=-1), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.json()["available_count"] == ["The total quantity must be at least 0, not -1."]
