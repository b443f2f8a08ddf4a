"""Edits and imports that read a promotion before a use and save it after never undo the use.

Each test makes uses inside the window between an editor's read and its write: a pre_save
receiver records the uses just before the editor's UPDATE, with the editor's instance still
holding the old count. A save that wrote `used_count` would put the old count back.
"""

import contextlib
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.fields.files import FieldFile
from django.db.models.signals import pre_save
from django.forms import MultiWidget
from django.urls import reverse

from api.tests.conftest import client_for
from core import testing
from imports.framework import Outcome, save_object
from promotions.models import Promotion, PromotionUse
from promotions.services import redeem_promotion, save_promotion

from .conftest import device_key


@contextlib.contextmanager
def uses_before_next_save(promotion, count):
    """Record `count` uses of `promotion` when the next save of it starts, once."""
    done = []

    def record_uses(sender, instance, **kwargs):
        if instance.pk == promotion.pk and not done:
            done.append(True)
            for number in range(count):
                redeem_promotion(Promotion.objects.get(pk=promotion.pk), device_key=device_key(number))

    pre_save.connect(record_uses, sender=Promotion, weak=False)
    try:
        yield done
    finally:
        pre_save.disconnect(record_uses, sender=Promotion)


def assert_count(promotion, expected):
    promotion.refresh_from_db()
    assert promotion.used_count == expected
    assert PromotionUse.objects.filter(promotion=promotion).count() == expected


@pytest.mark.django_db
def test_stale_instance_save_keeps_count(shop):
    stale = Promotion.objects.get(pk=shop.promotion.pk)
    redeem_promotion(shop.promotion)
    redeem_promotion(shop.promotion)

    stale.name_fi = "Uusi nimi"
    stale.save()

    assert_count(shop.promotion, 2)
    assert Promotion.objects.get(pk=shop.promotion.pk).name_fi == "Uusi nimi"


@pytest.mark.django_db
def test_save_promotion_service_keeps_count(shop):
    stale = Promotion.objects.get(pk=shop.promotion.pk)
    redeem_promotion(shop.promotion)

    stale.total_quantity = 9
    save_promotion(stale)

    assert stale.used_count == 1
    assert_count(shop.promotion, 1)


@pytest.mark.django_db
def test_stale_quantity_below_uses_rejected(shop):
    stale = Promotion.objects.get(pk=shop.promotion.pk)
    for number in range(3):
        redeem_promotion(shop.promotion, device_key=device_key(number))

    stale.total_quantity = 2
    with pytest.raises(ValidationError) as raised:
        save_promotion(stale)

    assert raised.value.error_dict["total_quantity"][0].code == "quantity_below_used"
    shop.promotion.refresh_from_db()
    assert shop.promotion.total_quantity == 5
    assert_count(shop.promotion, 3)


@pytest.mark.django_db
def test_import_of_stale_row_keeps_count(shop):
    stale = Promotion.objects.get(pk=shop.promotion.pk)
    redeem_promotion(shop.promotion)
    redeem_promotion(shop.promotion)

    _instance, outcome = save_object(
        Promotion, {"pk": shop.promotion.pk}, {"name_fi": "Tuotu nimi", "total_quantity": 8}, instance=stale
    )

    assert outcome == Outcome.UPDATED
    assert_count(shop.promotion, 2)


@pytest.mark.django_db
def test_used_count_in_update_fields_raises(shop):
    with pytest.raises(ValueError):
        shop.promotion.save(update_fields=["used_count"])


@pytest.mark.django_db
def test_insert_may_set_initial_count(shop):
    promotion = testing.make_promotion(shop.provider, shop.location, total_quantity=10, used_count=4)

    assert Promotion.objects.get(pk=promotion.pk).used_count == 4


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "patch"])
def test_api_edit_racing_uses_keeps_count(shop, method):
    own = client_for(shop.member)
    url = f"/api/v1/promotions/{shop.promotion.pk}/"
    body = own.get(url).json()
    del body["cover_image"]
    body.update({"name": "Muokattu", "used_count": 0})
    before = Promotion.objects.get(pk=shop.promotion.pk).used_count

    with uses_before_next_save(shop.promotion, 3) as done:
        response = getattr(own, method)(url, body if method == "put" else {"name": "Muokattu", "used_count": 0}, format="json")

    assert response.status_code == 200, response.content
    assert done == [True]
    assert response.json()["used_count"] == before + 3
    shop.promotion.refresh_from_db()
    assert shop.promotion.used_count == before + 3
    assert shop.promotion.name_fi == "Muokattu"


def admin_form_data(form):
    """Return the POST data that submits `form` unchanged, as a browser would."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else part
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is not None and not isinstance(value, FieldFile):
            data[name] = value
    return data


@pytest.mark.django_db
def test_admin_edit_racing_uses_keeps_count(client, shop):
    administrator = testing.make_user("root", is_staff=True, is_superuser=True)
    client.force_login(administrator)
    url = reverse("admin:promotions_promotion_change", args=[shop.promotion.pk])
    data = admin_form_data(client.get(url).context["adminform"].form)
    data["name_fi"] = "Ylläpidon muokkaama"

    with uses_before_next_save(shop.promotion, 2) as done:
        response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert done == [True]
    assert_count(shop.promotion, 2)
    assert Promotion.objects.get(pk=shop.promotion.pk).name_fi == "Ylläpidon muokkaama"


@pytest.mark.django_db
def test_admin_rejects_quantity_below_uses(client, shop):
    administrator = testing.make_user("root", is_staff=True, is_superuser=True)
    client.force_login(administrator)
    for number in range(3):
        redeem_promotion(shop.promotion, device_key=device_key(number))
    url = reverse("admin:promotions_promotion_change", args=[shop.promotion.pk])
    data = admin_form_data(client.get(url).context["adminform"].form)
    data["total_quantity"] = 2

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.as_data()["total_quantity"][0].code == "quantity_below_used"
    shop.promotion.refresh_from_db()
    assert shop.promotion.total_quantity == 5


@pytest.mark.django_db(transaction=True)
def test_import_in_other_thread_keeps_count(shop):
    """An importer in its own connection reads, waits while uses commit, then saves."""
    read = threading.Event()
    used = threading.Event()
    errors = []

    def importer():
        try:
            stale = Promotion.objects.get(pk=shop.promotion.pk)
            read.set()
            used.wait(timeout=30)
            save_object(Promotion, {"pk": stale.pk}, {"name_fi": "Tuonti"}, instance=stale)
        except Exception as error:  # handed to the test thread, which fails on it
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=importer)
    thread.start()
    read.wait(timeout=30)
    for number in range(4):
        redeem_promotion(shop.promotion, device_key=device_key(number))
    used.set()
    thread.join(timeout=60)

    assert errors == []
    assert_count(shop.promotion, 4)
    assert Promotion.objects.get(pk=shop.promotion.pk).name_fi == "Tuonti"
