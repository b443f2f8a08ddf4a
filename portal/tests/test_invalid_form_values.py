"""Crafted values that no form offers: each gives a message and changes nothing."""

from django.contrib.messages import get_messages

from hobbies.models import Hobby, HobbyEvent
from promotions.models import Promotion
from providers.models import ProviderMembership

from .conftest import client_for
from .test_hobby_pages import hobby_data
from .test_promotion_pages import promotion_data


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_unknown_session_action_cancels_nothing(world):
    client = client_for(world.users["editor"])

    response = client.post(f"/en/portal/sessions/{world.session.pk}/cancel/", {"action": "bogus"})

    assert response.status_code == 302
    assert HobbyEvent.objects.get(pk=world.session.pk).is_cancelled is False
    assert messages_of(response) == ["Nothing was changed: choose Cancel the session or Restore."]


def test_unknown_moderation_action_says_so(world):
    client = client_for(world.users["moderator"])
    before = Hobby.objects.get(pk=world.hobby.pk)

    response = client.post(f"/sv/portal/moderation/{world.hobby.pk}/", {"action": "bogus"})

    after = Hobby.objects.get(pk=world.hobby.pk)
    assert (after.status, after.moderation_status) == (before.status, before.moderation_status)
    assert messages_of(response) == [
        "Inget ändrades: välj Godkänn, Begär ändringar eller Avpublicera."
    ]


def test_unknown_role_says_so(world):
    client = client_for(world.users["admin"])

    response = client.post(
        f"/en/portal/providers/{world.provider.pk}/members/{world.editor_membership.pk}/role/", {"role": "owner"}
    )

    assert ProviderMembership.objects.get(pk=world.editor_membership.pk).role == "editor"
    assert messages_of(response) == ["The role “owner” is unknown. The roles are: Admin, Editor."]


def test_unknown_language_of_instruction_is_shown(world):
    client = client_for(world.users["editor"])

    response = client.post(f"/en/portal/hobbies/{world.hobby.pk}/", hobby_data(world, languages=["xx"]))

    assert response.status_code == 200
    assert "Select a valid choice. xx is not one of the available choices." in response.content.decode()


def test_huge_category_id_is_invalid(world):
    client = client_for(world.users["editor"])
    too_large = str(2**64)

    response = client.post("/en/portal/hobbies/new/", hobby_data(world, categories=[too_large]))

    assert response.status_code == 200
    assert f"Select a valid choice. {too_large} is not one of the available choices." in response.content.decode()
    assert not Hobby.objects.filter(name_fi="Sählykerho").exists()


def test_huge_target_municipality_id_is_invalid(world):
    client = client_for(world.users["editor"])
    too_large = str(2**64)

    response = client.post(
        "/sv/portal/promotions/new/", promotion_data(world, target_municipalities=[too_large])
    )

    assert response.status_code == 200
    assert f"Välj ett giltigt alternativ. {too_large} finns inte bland tillgängliga alternativ." in (
        response.content.decode()
    )
    assert not Promotion.objects.filter(name_fi=promotion_data(world)["name_fi"]).exists()


def test_other_providers_location_is_named(world):
    client = client_for(world.users["editor"])
    location_id = world.other_location.pk

    response = client.post("/sv/portal/hobbies/new/", hobby_data(world, location=location_id))

    assert response.status_code == 200
    assert response.context["form"].errors["location"] == [
        f"Välj ett giltigt alternativ. {location_id} finns inte bland tillgängliga alternativ."
    ]
