"""Inviting members by e-mail, accepting, and removing them."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.access import roles_of
from providers.models import Invitation, ProviderMembership

from .conftest import PASSWORD, client_for


def invite(world, client, email="uusi.jasen@example.org", role="editor"):
    return client.post(f"/portal/providers/{world.provider.pk}/invite/", {"email": email, "role": role})


def link_from_mail():
    return re.search(r"http://testserver(/portal/invitations/\S+/)", mail.outbox[-1].body).group(1)


@pytest.fixture
def sent_link(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(world, client_for(world.users["admin"]))
    assert response.status_code == 302
    return link_from_mail()


def test_invitation_token_is_stored_hashed(world, sent_link):
    token = sent_link.rstrip("/").rsplit("/", 1)[-1]
    invitation = Invitation.objects.get(email="uusi.jasen@example.org")

    assert token not in invitation.token_hash
    assert len(invitation.token_hash) == 64
    assert invitation.expires_at > timezone.now() + dt.timedelta(days=13)


def test_pending_invitation_grants_nothing(world, sent_link):
    from core import testing

    invited = testing.make_user(email="uusi.jasen@example.org")

    assert world.provider.pk not in roles_of(invited).provider_ids
    assert client_for(invited).get(f"/portal/hobbies/{world.hobby.pk}/").status_code == 403


def test_new_person_creates_an_account_and_joins(world, sent_link):
    browser = Client()

    response = browser.post(
        sent_link, {"first_name": "Uusi", "last_name": "Jäsen", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    membership = ProviderMembership.objects.get(user__email="uusi.jasen@example.org")
    assert membership.provider == world.provider
    assert membership.role == "editor"
    assert browser.get(f"/portal/hobbies/{world.hobby.pk}/").status_code == 200


def test_invitation_link_works_once(world, sent_link):
    Client().post(sent_link, {"password1": PASSWORD, "password2": PASSWORD})

    assert Client().get(sent_link).status_code == 404


def test_expired_invitation_link_is_rejected(world, sent_link):
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    assert Client().get(sent_link).status_code == 404


def test_invitation_is_bound_to_its_address(world, sent_link):
    from core import testing

    stranger = testing.make_user(email="joku.muu@example.org")
    browser = client_for(stranger)

    response = browser.post(sent_link)

    assert response.status_code == 200
    assert not ProviderMembership.objects.filter(user=stranger).exists()


def test_existing_account_signs_in_and_accepts(world, sent_link):
    from core import testing

    existing = testing.make_user(email="Uusi.Jasen@example.org")
    browser = client_for(existing)

    response = browser.post(sent_link)

    assert response.status_code == 302
    assert ProviderMembership.objects.filter(user=existing, provider=world.provider).exists()


def test_member_cannot_be_invited_twice(world):
    response = invite(world, client_for(world.users["admin"]), email=world.users["editor"].email)

    assert response.status_code == 200
    assert "email" in response.context["form"].errors


def test_new_invitation_revokes_the_earlier_link(world, django_capture_on_commit_callbacks):
    admin = client_for(world.users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        invite(world, admin)
    first = link_from_mail()
    with django_capture_on_commit_callbacks(execute=True):
        invite(world, admin)

    assert Client().get(first).status_code == 404
    assert Client().get(link_from_mail()).status_code == 200


def test_admin_removes_a_member(world):
    client = client_for(world.users["admin"])

    client.post(f"/portal/providers/{world.provider.pk}/members/{world.editor_membership.pk}/remove/")

    assert not ProviderMembership.objects.filter(pk=world.editor_membership.pk).exists()
    assert client_for(world.users["editor"]).get(f"/portal/hobbies/{world.hobby.pk}/").status_code == 403


def test_last_admin_cannot_be_removed(world):
    admin_membership = ProviderMembership.objects.get(user=world.users["admin"], provider=world.provider)

    client_for(world.users["admin"]).post(f"/portal/providers/{world.provider.pk}/members/{admin_membership.pk}/remove/")

    assert ProviderMembership.objects.filter(pk=admin_membership.pk).exists()


def test_invitation_to_an_existing_account_uses_its_language(world, django_capture_on_commit_callbacks):
    from core import testing

    testing.make_user(email="ruotsiksi@example.org", preferred_language="sv")
    with django_capture_on_commit_callbacks(execute=True):
        invite(world, client_for(world.users["admin"]), email="ruotsiksi@example.org")

    message = mail.outbox[-1]
    assert "Inbjudan" in message.subject
    assert "http://testserver/sv/portal/invitations/" in message.body


def test_english_invitation_date_ends_with_one_period(world, django_capture_on_commit_callbacks):
    from core import testing

    testing.make_user(email="englanniksi@example.org", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        invite(world, client_for(world.users["admin"]), email="englanniksi@example.org")

    body = mail.outbox[-1].body
    assert "(Finnish time)." in body
    assert ".." not in body
