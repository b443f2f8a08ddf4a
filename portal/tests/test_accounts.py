"""Sign-in with e-mail, throttling, sign-out, password reset and the API's session flow."""

import re

import pytest
from django.core import mail
from django.test import Client

from core import testing

from .conftest import PASSWORD


@pytest.fixture
def member(db, provider):
    return testing.make_member(provider, role="editor", email="Maija.Meikalainen@example.org")


def test_sign_in_with_email_in_any_case(client, member):
    response = client.post("/accounts/login/", {"username": "maija.meikalainen@EXAMPLE.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200


def test_each_language_has_its_own_sign_in_page(client, db):
    assert "Logga in" in client.get("/sv/accounts/login/").content.decode()
    assert client.get("/sv/portal/")["Location"].startswith("/sv/accounts/login/?next=/sv/portal/")


def test_sign_in_with_wrong_password_names_the_problem(client, member):
    response = client.post("/en/accounts/login/", {"username": member.email, "password": "wrong"})

    assert response.status_code == 200
    assert "The e-mail address or password is wrong" in response.content.decode()


def test_sign_in_page_is_finnish_by_default(client, db):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert "Kirjaudu sisään" in response.content.decode()


def test_sign_in_locks_after_repeated_failures(client, member):
    for _attempt in range(5):
        client.post("/accounts/login/", {"username": member.email, "password": "wrong"})

    response = client.post("/accounts/login/", {"username": member.email, "password": PASSWORD})

    assert response.status_code == 429
    assert client.get("/portal/").status_code == 302


def test_lockout_counts_every_case_of_the_address_together(client, member):
    spellings = ["maija.meikalainen@example.org", "MAIJA.MEIKALAINEN@EXAMPLE.ORG", " Maija.Meikalainen@Example.org "]
    for attempt in range(5):
        client.post("/accounts/login/", {"username": spellings[attempt % 3], "password": "wrong"})

    response = client.post("/accounts/login/", {"username": "mAIJA.meikalainen@example.ORG", "password": PASSWORD})

    assert response.status_code == 429
    assert client.get("/portal/").status_code == 302


def test_lockout_counts_user_name_and_address_together(client, member):
    for attempt in range(5):
        identifier = member.username if attempt % 2 else member.email
        client.post("/accounts/login/", {"username": identifier, "password": "wrong"})

    by_name = client.post("/accounts/login/", {"username": f" {member.username}", "password": PASSWORD})
    by_address = client.post("/accounts/login/", {"username": member.email.upper(), "password": PASSWORD})

    assert by_name.status_code == 429
    assert by_address.status_code == 429


def test_lockout_of_unknown_identifier_ignores_case(client, db):
    for attempt in range(5):
        client.post("/accounts/login/", {"username": "Nobody@Example.org" if attempt % 2 else "nobody@example.org", "password": "x"})

    response = client.post("/accounts/login/", {"username": "NOBODY@EXAMPLE.ORG", "password": "x"})

    assert response.status_code == 429


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", "Liian monta epäonnistunutta kirjautumista"),
        ("/sv", "För många misslyckade inloggningar"),
        ("/en", "Too many failed sign-ins"),
    ],
)
def test_lockout_page_uses_the_language_of_the_url(client, member, prefix, expected):
    for _attempt in range(5):
        client.post(f"{prefix}/accounts/login/", {"username": member.email, "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="fi")

    response = client.post(
        f"{prefix}/accounts/login/", {"username": member.email, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="de"
    )

    assert response.status_code == 429
    assert expected in response.content.decode()


def test_sign_out_needs_post(client, member):
    client.force_login(member)

    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert client.get("/portal/").status_code == 302


def test_password_reset_mail_is_in_the_users_language(client, member):
    member.preferred_language = "sv"
    member.save()

    response = client.post("/accounts/password-reset/", {"email": member.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert "lösenord" in message.subject.lower()
    link = re.search(r"http://testserver(/sv/accounts/reset/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new_password = "a new long passphrase 2027"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    signed_in = Client().post("/accounts/login/", {"username": member.email, "password": new_password})
    assert signed_in.status_code == 302


def test_password_reset_for_unknown_address_sends_nothing(client, db):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert mail.outbox == []


def test_password_reset_mails_to_one_address_are_limited(client, member):
    for _attempt in range(5):
        response = client.post("/accounts/password-reset/", {"email": member.email.upper()})
        assert response.status_code == 302

    assert len(mail.outbox) == 3


def test_password_reset_requests_from_one_client_are_limited(client, db):
    for number in range(20):
        client.post("/en/accounts/password-reset/", {"email": f"nobody{number}@example.org"})

    response = client.post("/en/accounts/password-reset/", {"email": "one-more@example.org"})

    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()


def test_session_sign_in_then_api_token(client, member):
    client.post("/accounts/login/", {"username": member.email, "password": PASSWORD})

    response = client.get("/auth/token/")

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}


def test_api_clients_may_still_send_the_user_name(client, member):
    response = client.post("/accounts/login/", {"username": member.username, "password": PASSWORD})

    assert response.status_code == 302
