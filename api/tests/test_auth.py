"""JWT at /auth/token/, session login, and long-lived API tokens."""

import jwt
import pytest
from django.conf import settings
from django.core.management import call_command
from rest_framework.test import APIClient

from api.models import ApiToken, hash_key
from core import testing

PASSWORD = "correct horse battery staple"


@pytest.fixture
def member(world):
    return world.users["own"]


def test_token_pair_and_claims(client, member):
    member.first_name, member.last_name = "Aino", "Virtanen"
    member.save()

    response = client.post("/auth/token/", {"username": member.username, "password": PASSWORD}, format="json")

    assert response.status_code == 200
    claims = jwt.decode(response.json()["access"], settings.SECRET_KEY, algorithms=["HS256"])
    assert claims["user_id"] in (member.pk, str(member.pk))
    assert (claims["first_name"], claims["last_name"], claims["token_type"]) == ("Aino", "Virtanen", "access")
    assert claims["exp"] - claims["iat"] == 5 * 3600


def test_wrong_password_is_401(client, member):
    response = client.post("/auth/token/", {"username": member.username, "password": "wrong"}, format="json")

    assert response.status_code == 401


def test_refresh_gives_new_access(client, member):
    pair = client.post("/auth/token/", {"username": member.username, "password": PASSWORD}, format="json").json()

    refreshed = client.post("/auth/token/refresh/", {"refresh": pair["refresh"]}, format="json")
    broken = client.post("/auth/token/refresh/", {"refresh": "not-a-token"}, format="json")

    assert refreshed.status_code == 200
    assert "access" in refreshed.json()
    assert broken.status_code == 401


def test_session_login_then_get_token(member):
    browser = APIClient(enforce_csrf_checks=False)
    without_session = browser.get("/auth/token/")
    login_page = browser.get("/accounts/login/")
    logged_in = browser.post("/accounts/login/", {"username": member.username, "password": PASSWORD})

    with_session = browser.get("/auth/token/")

    assert without_session.status_code == 401
    assert login_page.status_code == 200
    assert logged_in.status_code == 302
    assert with_session.status_code == 200
    assert set(with_session.json()) == {"access", "refresh"}


def test_bearer_token_writes(client, world, member):
    access = client.post("/auth/token/", {"username": member.username, "password": PASSWORD}, format="json").json()["access"]

    response = client.patch(
        f"/api/v1/hobbies/{world.hobby.pk}/", {"name": "Uusi nimi"}, format="json", HTTP_AUTHORIZATION=f"Bearer {access}"
    )

    assert response.status_code == 200
    assert response.json()["name"] == "Uusi nimi"


def test_bad_bearer_token_rejected_on_get(client, world):
    response = client.get("/api/v1/hobbies/", HTTP_AUTHORIZATION="Bearer not.a.jwt")

    assert response.status_code == 401


def test_api_token_stored_hashed_and_accepted(client, world, member):
    token, key = ApiToken.issue(user=member, name="Integraatio")

    response = client.post(
        "/api/v1/benefits/", {"promotion": world.promotion.pk}, HTTP_AUTHORIZATION=f"Token {key}"
    )

    assert response.status_code == 201
    assert token.key_hash == hash_key(key)
    assert not ApiToken.objects.filter(key_hash=key).exists()
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_or_unknown_api_token_is_401(client, world, member):
    token, key = ApiToken.issue(user=member, name="Vanha")
    token.revoke()

    revoked = client.get("/api/v1/hobbies/", HTTP_AUTHORIZATION=f"Token {key}")
    unknown = client.get("/api/v1/hobbies/", HTTP_AUTHORIZATION="Token hp_nothing")

    assert revoked.status_code == 401
    assert unknown.status_code == 401


def test_issue_command_prints_key_once(member, capsys):
    call_command("issue_api_token", member.username, "Mobiilisovellus")

    key = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(name="Mobiilisovellus")
    assert token.key_hash == hash_key(key)
    assert token.user == member


def test_revoke_command(member):
    token, _key = ApiToken.issue(user=member, name="Poistuva")

    call_command("revoke_api_token", str(token.pk))

    token.refresh_from_db()
    assert token.is_revoked


def test_admin_issues_token_and_shows_key(db):
    admin_user = testing.make_user(is_staff=True, is_superuser=True)
    owner = testing.make_user()
    browser = APIClient()
    browser.force_login(admin_user)

    response = browser.post(
        "/admin/api/apitoken/add/", {"name": "Kuntaintegraatio", "user": owner.pk}, follow=True
    )

    token = ApiToken.objects.get(name="Kuntaintegraatio")
    page = response.content.decode()
    assert token.user == owner
    assert token.key_start in page
