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
