"""JWT at /auth/token/, session login, and long-lived API tokens."""

import jwt
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
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
    assert claims["user_id"] == member.pk
    assert isinstance(claims["user_id"], int)
    assert (claims["first_name"], claims["last_name"], claims["token_type"]) == ("Aino", "Virtanen", "access")
    assert claims["exp"] - claims["iat"] == 5 * 3600


def test_user_id_is_int_in_every_token(client, member):
    pair = client.post("/auth/token/", {"username": member.username, "password": PASSWORD}, format="json").json()
    refreshed = client.post("/auth/token/refresh/", {"refresh": pair["refresh"]}, format="json").json()
    browser = APIClient()
    browser.force_login(member)
    from_session = browser.get("/auth/token/").json()

    tokens = [pair["access"], pair["refresh"], refreshed["access"], from_session["access"], from_session["refresh"]]
    user_ids = [jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"])["user_id"] for token in tokens]

    assert user_ids == [member.pk] * 5
    assert all(type(user_id) is int for user_id in user_ids)


def test_token_with_int_user_id_authenticates(client, world, member):
    access = client.post("/auth/token/", {"username": member.username, "password": PASSWORD}, format="json").json()["access"]

    response = client.get("/api/v1/hobbies/?editable_only=true", HTTP_AUTHORIZATION=f"Bearer {access}")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [world.hobby.pk]


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


def test_revoke_command_unknown_id(member):
    token, _key = ApiToken.issue(user=member, name="Jää voimaan")

    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("revoke_api_token", str(token.pk + 1))

    assert str(error.value) == f"No API token has the id {token.pk + 1}."
    token.refresh_from_db()
    assert not token.is_revoked


def test_token_commands_print_finnish(member, capsys):
    with translation.override("fi"):
        call_command("issue_api_token", member.username, "Mobiilisovellus")
        token = ApiToken.objects.get(name="Mobiilisovellus")
        call_command("revoke_api_token", str(token.pk))

    output = capsys.readouterr()
    assert f"Tunniste {token.pk} (Mobiilisovellus) luotiin käyttäjälle {member.username}." in output.err
    assert output.out.splitlines()[-1] == f"Tunniste {token.pk} (Mobiilisovellus) mitätöitiin."


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


# --- Lockout after repeated failures (django-axes) ---------------------------------------


def fail_sign_ins(api_client, username, times):
    for _ in range(times):
        api_client.post("/auth/token/", {"username": username, "password": "wrong"}, format="json")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fi", "Liian monta epäonnistunutta kirjautumista: tili on lukittu. Yritä uudelleen 15 minuutin kuluttua."),
        ("sv", "För många misslyckade inloggningar: kontot är låst. Försök igen om 15 minuter."),
        ("en", "Too many failed sign-ins: the account is locked. Try again in 15 minutes."),
    ],
)
def test_locked_out_token_request_says_how_long(client, member, settings, language, expected):
    fail_sign_ins(client, member.username, settings.AXES_FAILURE_LIMIT - 1)

    response = client.post(
        "/auth/token/", {"username": member.username, "password": PASSWORD}, format="json", HTTP_ACCEPT_LANGUAGE=language
    )
    # The limit was reached by the last failure, so even the right password is refused.
    fail_sign_ins(client, member.username, 1)
    locked = client.post(
        "/auth/token/", {"username": member.username, "password": PASSWORD}, format="json", HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == 200
    assert locked.status_code == 429
    assert locked.json() == {"detail": expected, "error_codes": {"detail": ["account_locked"]}}
    assert 14 * 60 < int(locked["Retry-After"]) <= 15 * 60


def test_wrong_password_before_lockout_stays_401(client, member, settings):
    fail_sign_ins(client, member.username, settings.AXES_FAILURE_LIMIT - 2)

    response = client.post("/auth/token/", {"username": member.username, "password": "wrong"}, format="json")

    assert response.status_code == 401
    assert response.json()["error_codes"] == {"detail": ["no_active_account"]}


def test_locked_out_login_page_says_how_long(member, settings):
    browser = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = browser.post(
            "/sv/accounts/login/", {"username": member.username, "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="fi"
        )

    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert "För många misslyckade inloggningar: kontot är låst. Försök igen om 15 minuter." in response.content.decode()
    assert browser.get("/auth/token/").status_code == 401
