"""Creating a provider in the portal: every new provider belongs to a municipality."""

from providers.models import Provider

from .conftest import client_for


def provider_data(**overrides):
    data = {"name_fi": "Oma seura ry", "kind": "association"}
    data.update(overrides)
    return data


def test_new_provider_without_municipality_is_rejected(world):
    editor = client_for(world.users["editor"])

    response = editor.post("/en/portal/providers/new/", provider_data())

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Provider.objects.filter(name_fi="Oma seura ry").exists()


def test_editor_creates_provider_in_chosen_municipality(world):
    editor = client_for(world.users["editor"])

    response = editor.post("/en/portal/providers/new/", provider_data(municipality=world.other_municipality.pk))

    provider = Provider.objects.get(name_fi="Oma seura ry")
    assert response.status_code == 302
    assert provider.municipality == world.other_municipality
    assert provider.memberships.get().user == world.users["editor"]


def test_moderator_chooses_only_own_municipality(world):
    moderator = client_for(world.users["moderator"])

    response = moderator.post("/en/portal/providers/new/", provider_data(municipality=world.other_municipality.pk))

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not Provider.objects.filter(name_fi="Oma seura ry").exists()


def test_moderators_form_suggests_own_municipality(world):
    response = client_for(world.users["moderator"]).get("/en/portal/providers/new/")

    assert response.context["form"].initial["municipality"] == world.municipality.pk
    assert list(response.context["form"].fields["municipality"].queryset) == [world.municipality]


def test_existing_providers_municipality_is_not_offered(world):
    response = client_for(world.users["admin"]).get(f"/en/portal/providers/{world.provider.pk}/edit/")

    assert response.status_code == 200
    assert "municipality" not in response.context["form"].fields


def test_provider_postal_code_must_have_five_digits(world):
    editor = client_for(world.users["editor"])

    response = editor.post(
        "/en/portal/providers/new/", provider_data(municipality=world.municipality.pk, postal_code="1")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["postal_code"] == ["Enter a five-digit postal code."]
    assert not Provider.objects.filter(name_fi="Oma seura ry").exists()
