"""The translated Django admin opens every model's list, add and change pages."""

import pytest
from django.contrib import admin
from django.urls import reverse

from core import testing

pytestmark = pytest.mark.django_db

OUR_APPS = {"accounts", "places", "providers", "hobbies"}


@pytest.fixture
def admin_client(client):
    user = testing.make_user("root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.fixture
def one_of_each(hobby, category_tree):
    import datetime as dt

    from django.utils import timezone

    testing.make_session(hobby, timezone.now() + dt.timedelta(days=1))
    hobby.categories.add(category_tree["Football"])
    return hobby


@pytest.mark.parametrize(
    "model",
    [model for model in admin.site._registry if model._meta.app_label in OUR_APPS],
    ids=lambda model: model._meta.label,
)
def test_admin_list_add_and_change_pages_open(admin_client, one_of_each, model):
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert admin_client.get(reverse(f"{prefix}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"{prefix}_add")).status_code == 200
    instance = model._default_manager.first()
    if instance is not None:
        assert admin_client.get(reverse(f"{prefix}_change", args=[instance.pk])).status_code == 200


def test_admin_is_translated_into_finnish_and_swedish(admin_client, one_of_each):
    finnish = admin_client.get(reverse("admin:hobbies_hobby_changelist")).content.decode()
    assert "harrastus" in finnish.lower()
    swedish = admin_client.get("/sv" + reverse("admin:hobbies_hobby_changelist")).content.decode()
    assert "hobby" in swedish.lower()
    assert "Välj" in swedish


def test_admin_warns_about_demo_dates(admin_client, one_of_each):
    from hobbies.models import Hobby

    Hobby.objects.filter(pk=one_of_each.pk).update(demo_shift_weeks=416)
    response = admin_client.get(reverse("admin:hobbies_hobby_change", args=[one_of_each.pk]), follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert any("416" in message for message in messages)


@pytest.mark.parametrize(
    ("prefix", "header"),
    [("", "Harrastuspassin ylläpito"), ("/sv", "Harrastuspassis administration"), ("/en", "Harrastuspassi administration")],
)
def test_admin_header_names_service(admin_client, prefix, header):
    content = admin_client.get(f"{prefix}/admin/").content.decode()

    assert f">{header}</a>" in content
    assert "Django" not in content
