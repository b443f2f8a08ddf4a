"""Promotion pages: create and edit with quantity, Helsinki validity times and targeting."""

import datetime as dt

from audit.models import AuditLogEntry
from hobbies.timeutils import to_local
from promotions.models import Promotion

from .conftest import client_for


def promotion_data(world, **overrides):
    data = {
        "name_fi": "Ilmainen kokeilukerta",
        "kind": "trial_session",
        "provider": world.provider.pk,
        "location": world.location.pk,
        "total_quantity": "20",
        "per_device_limit": "1",
        "valid_from_date": "2030-03-01",
        "valid_from_time": "08:00",
        "valid_until_date": "2030-03-31",
        "valid_until_time": "20:00",
        "target_municipalities": [world.municipality.pk],
        "min_age": "12",
        "max_age": "15",
    }
    data.update(overrides)
    return data


def test_editor_creates_targeted_promotion(world):
    response = client_for(world.users["editor"]).post("/portal/promotions/new/", promotion_data(world))

    promotion = Promotion.objects.get(name_fi="Ilmainen kokeilukerta")
    assert response.status_code == 302
    assert to_local(promotion.valid_from).replace(tzinfo=None) == dt.datetime(2030, 3, 1, 8, 0)
    assert to_local(promotion.valid_until).replace(tzinfo=None) == dt.datetime(2030, 3, 31, 20, 0)
    assert list(promotion.target_municipalities.all()) == [world.municipality]
    assert promotion.total_quantity == 20
    assert promotion.municipality == world.municipality
    assert AuditLogEntry.objects.filter(action="promotion.created", object_id=str(promotion.pk)).exists()


def test_promotion_at_nearby_shared_place(world, shared_places):
    sports_hall, far_hall = shared_places
    client = client_for(world.users["editor"])

    rejected = client.post("/portal/promotions/new/", promotion_data(world, location=far_hall.pk))
    accepted = client.post("/portal/promotions/new/", promotion_data(world, location=sports_hall.pk))

    assert rejected.status_code == 200
    assert "location" in rejected.context["form"].errors
    assert accepted.status_code == 302
    assert Promotion.objects.get(name_fi="Ilmainen kokeilukerta").location == sports_hall


def test_validity_must_end_after_it_starts(world):
    response = client_for(world.users["editor"]).post(
        "/en/portal/promotions/new/", promotion_data(world, valid_until_date="2030-02-01")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["valid_until_date"] == [
        "The validity must end (2030-02-01 20:00) after it starts (2030-03-01 08:00)."
    ]
    assert not Promotion.objects.filter(name_fi="Ilmainen kokeilukerta").exists()


def test_quantity_cannot_drop_below_uses(world):
    Promotion.objects.filter(pk=world.promotion.pk).update(used_count=5)
    data = promotion_data(world, total_quantity="3", name_fi=world.promotion.name_fi)

    response = client_for(world.users["editor"]).post(f"/en/portal/promotions/{world.promotion.pk}/", data)

    assert response.status_code == 200
    assert "give at least 5" in str(response.context["form"].errors)
    world.promotion.refresh_from_db()
    assert world.promotion.total_quantity == 10


def test_edit_form_shows_helsinki_times(world):
    content = client_for(world.users["editor"]).get(f"/portal/promotions/{world.promotion.pk}/").content.decode()

    start = to_local(world.promotion.valid_from)
    assert f'value="{start:%Y-%m-%d}"' in content
    assert f'value="{start:%H:%M}"' in content


def make_use(promotion, code="K7QM-2XPA"):
    from promotions.models import PromotionUse

    return PromotionUse.objects.create(promotion=promotion, code=code)


def test_code_is_found_in_any_typing(world):
    make_use(world.promotion)

    response = client_for(world.users["editor"]).get("/portal/promotions/redeem/?code=k7qm 2xpa")

    assert response.status_code == 200
    assert response.context["use"].code == "K7QM-2XPA"
    assert response.context["error"] is None


def test_confirming_a_code_works_once(world):
    use = make_use(world.promotion)
    client = client_for(world.users["editor"])

    first = client.post("/portal/promotions/redeem/", {"code": "K7QM-2XPA"})
    second = client.post("/en/portal/promotions/redeem/", {"code": "K7QM-2XPA"})

    use.refresh_from_db()
    assert first.status_code == 302
    assert use.honoured_by == world.users["editor"]
    assert second.status_code == 200
    assert "was already confirmed" in second.context["error"]
    entry = AuditLogEntry.objects.get(action="promotion.use_honoured")
    assert entry.provider_id == world.provider.pk


def test_another_providers_code_is_unknown(world):
    use = make_use(world.other_promotion, code="ABCD-EFGH")

    response = client_for(world.users["editor"]).post("/en/portal/promotions/redeem/", {"code": "ABCD-EFGH"})

    use.refresh_from_db()
    assert response.status_code == 200
    assert response.context["error"] == "No use of your promotions has the code ABCD-EFGH. Check the code."
    assert use.honoured_at is None


def test_malformed_code_names_the_value(world):
    response = client_for(world.users["editor"]).get("/en/portal/promotions/redeem/?code=1234")

    assert "“1234” is not a redemption code" in response.context["error"]


def test_uses_over_time_by_day(world):
    from django.utils import timezone

    make_use(world.promotion)
    make_use(world.promotion, code="BCDE-FGHJ")

    response = client_for(world.users["editor"]).get(f"/portal/promotions/{world.promotion.pk}/uses/?period=day")

    rows = response.context["rows"]
    assert response.status_code == 200
    assert response.context["used"] == 2
    assert rows[-1][0].start == timezone.localdate()
    assert rows[-1][0].uses == 2
    assert rows[-1][1] == 100
    assert sum(item.uses for item, _percent in rows) == 2


def test_zero_quantity_is_rejected(world):
    response = client_for(world.users["editor"]).post("/en/portal/promotions/new/", promotion_data(world, total_quantity="0"))

    assert response.status_code == 200
    assert "The total quantity must be at least 1, not 0." in response.content.decode()
    assert not Promotion.objects.filter(name_fi="Ilmainen kokeilukerta").exists()


def test_validity_outside_supported_years_is_rejected(world):
    data = promotion_data(world, valid_from_date="1999-01-01", valid_until_date="9999-12-31")

    response = client_for(world.users["editor"]).post("/en/portal/promotions/new/", data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "The date 1999-01-01 is too early: dates before the year 2000 are not accepted." in page
    assert "The date 9999-12-31 is too late: dates after the year 2100 are not accepted." in page
    assert not Promotion.objects.filter(name_fi="Ilmainen kokeilukerta").exists()


def test_spring_forward_gap_names_typed_time(world):
    data = promotion_data(
        world, valid_from_date="2027-03-28", valid_from_time="03:30", valid_until_date="2027-03-28", valid_until_time="04:15"
    )

    response = client_for(world.users["editor"]).post("/en/portal/promotions/new/", data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "2027-03-28 03:30 does not exist in Finnish time" in page
    assert "04:30" not in page
