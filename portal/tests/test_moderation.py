"""The moderation queue: approve, request changes with an e-mail, unpublish."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail

from audit.models import AuditLogEntry
from hobbies.models import Hobby
from hobbies.services import save_hobby

from .conftest import client_for


@pytest.fixture
def pending_hobby(world):
    world.hobby.name_fi = "Judon alkeet, uusi kuvaus"
    save_hobby(world.hobby, acting_user=world.users["editor"])
    world.hobby.refresh_from_db()
    assert world.hobby.moderation_status == Hobby.Moderation.PENDING
    return world.hobby


def test_change_by_a_member_enters_the_queue(world, pending_hobby):
    response = client_for(world.users["moderator"]).get("/portal/moderation/")

    assert pending_hobby.name_fi in response.content.decode()


def test_other_municipalitys_moderator_sees_an_empty_queue(world, pending_hobby):
    response = client_for(world.users["other_moderator"]).get("/portal/moderation/")

    assert pending_hobby.name_fi not in response.content.decode()


def test_approve_takes_the_hobby_out_of_the_queue(world, pending_hobby):
    client = client_for(world.users["moderator"])

    client.post(f"/portal/moderation/{pending_hobby.pk}/", {"action": "approve"})

    pending_hobby.refresh_from_db()
    assert pending_hobby.moderation_status == Hobby.Moderation.APPROVED
    assert pending_hobby.moderated_by == world.users["moderator"]
    assert f'id="hobby-{pending_hobby.pk}"' not in client.get("/portal/moderation/").content.decode()
    assert AuditLogEntry.objects.filter(action="hobby.moderation.approved", object_id=str(pending_hobby.pk)).exists()


def test_request_changes_mails_members_in_their_language(world, pending_hobby, django_capture_on_commit_callbacks):
    world.users["admin"].preferred_language = "sv"
    world.users["admin"].save()
    client = client_for(world.users["moderator"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/portal/moderation/{pending_hobby.pk}/",
            {"action": "request_changes", "message": "Lisää hinta ja ikäryhmä."},
        )

    pending_hobby.refresh_from_db()
    assert pending_hobby.status == Hobby.Status.PUBLISHED
    assert pending_hobby.moderation_status == Hobby.Moderation.CHANGES_REQUESTED
    assert pending_hobby.moderation_message == "Lisää hinta ja ikäryhmä."
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {world.users["editor"].email, world.users["admin"].email}
    assert "Lisää hinta ja ikäryhmä." in by_address[world.users["admin"].email].body
    assert "Ändringar" in by_address[world.users["admin"].email].subject
    assert "Muutoksia" in by_address[world.users["editor"].email].subject
    edit_page = client_for(world.users["editor"]).get(f"/portal/hobbies/{pending_hobby.pk}/").content.decode()
    assert "Lisää hinta ja ikäryhmä." in edit_page


def test_change_request_mail_in_members_language(
    world, pending_hobby, django_capture_on_commit_callbacks
):
    world.users["admin"].preferred_language = "sv"
    world.users["admin"].save()
    client = client_for(world.users["moderator"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/portal/moderation/{pending_hobby.pk}/",
            {"action": "request_changes", "message": "Lisää hinta."},
            secure=True,
        )

    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert f"https://testserver/sv/portal/hobbies/{pending_hobby.pk}/" in by_address[world.users["admin"].email]
    assert f"https://testserver/portal/hobbies/{pending_hobby.pk}/" in by_address[world.users["editor"].email]


def test_request_changes_needs_a_message(world, pending_hobby):
    client_for(world.users["moderator"]).post(f"/portal/moderation/{pending_hobby.pk}/", {"action": "request_changes"})

    pending_hobby.refresh_from_db()
    assert pending_hobby.moderation_status == Hobby.Moderation.PENDING


def test_unpublish_hides_the_hobby_from_pupils(world, pending_hobby, client):
    client_for(world.users["moderator"]).post(
        f"/portal/moderation/{pending_hobby.pk}/", {"action": "unpublish", "message": "Väärä kunta."}
    )

    pending_hobby.refresh_from_db()
    assert pending_hobby.status == Hobby.Status.DRAFT
    assert client.get(f"/hobbies/{pending_hobby.pk}/").status_code == 404


def test_provider_change_after_request_returns_to_the_queue(world, pending_hobby):
    client_for(world.users["moderator"]).post(
        f"/portal/moderation/{pending_hobby.pk}/", {"action": "request_changes", "message": "Lisää hinta."}
    )

    pending_hobby.refresh_from_db()
    pending_hobby.price_details_fi = "Kausimaksu 40 €"
    save_hobby(pending_hobby, acting_user=world.users["editor"])

    pending_hobby.refresh_from_db()
    assert pending_hobby.moderation_status == Hobby.Moderation.PENDING


def test_change_through_the_api_enters_the_queue(world):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world.users["editor"])

    response = api.patch(f"/api/v1/hobbies/{world.hobby.pk}/", {"name": "Judo API:n kautta"}, format="json")

    assert response.status_code == 200
    world.hobby.refresh_from_db()
    assert world.hobby.moderation_status == Hobby.Moderation.PENDING
    entry = AuditLogEntry.objects.get(action="hobby.updated", object_id=str(world.hobby.pk))
    assert entry.channel == AuditLogEntry.Channel.API
    assert entry.changes["name_fi"] == ["Judon alkeet Tapiolassa", "Judo API:n kautta"]


def test_approving_changed_hobby_fails(world, pending_hobby):
    client = client_for(world.users["moderator"])
    queue = client.get("/en/portal/moderation/").content.decode()
    version = re.search(r'name="version" value="([0-9a-f]+)"', queue).group(1)
    pending_hobby.description_fi = "Uusi kuvaus, jota moderaattori ei ole nähnyt."
    save_hobby(pending_hobby, acting_user=world.users["editor"])

    response = client.post(f"/en/portal/moderation/{pending_hobby.pk}/", {"action": "approve", "version": version})

    pending_hobby.refresh_from_db()
    assert pending_hobby.moderation_status == Hobby.Moderation.PENDING
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        f"“{pending_hobby.name_fi}” changed after you opened the queue, so it is not approved. "
        "Check the new version and approve it again."
    ]


def test_approving_unchanged_version_works(world, pending_hobby):
    client = client_for(world.users["moderator"])
    queue = client.get("/en/portal/moderation/").content.decode()
    version = re.search(r'name="version" value="([0-9a-f]+)"', queue).group(1)

    client.post(f"/en/portal/moderation/{pending_hobby.pk}/", {"action": "approve", "version": version})

    pending_hobby.refresh_from_db()
    assert pending_hobby.moderation_status == Hobby.Moderation.APPROVED
