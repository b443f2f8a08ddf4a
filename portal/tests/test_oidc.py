"""OpenID Connect: the settings switch and the mapping of claims to accounts."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from accounts.oidc import user_from_claims
from core import testing


def settings_value(expression, **environment):
    env = {key: value for key, value in os.environ.items() if not key.startswith("OIDC_")}
    env.update({"ENV_FILE": os.devnull, "SECRET_KEY": "x" * 50, **environment})
    result = subprocess.run(
        [sys.executable, "-c", f"import harrastuspassi.settings as s; print({expression})"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_oidc_is_off_without_client_id():
    assert settings_value("s.OIDC_ENABLED, 'accounts.oidc.PortalOIDCBackend' in s.AUTHENTICATION_BACKENDS") == "False False"


def test_oidc_is_on_with_client_id():
    value = settings_value(
        "s.OIDC_ENABLED, 'accounts.oidc.PortalOIDCBackend' in s.AUTHENTICATION_BACKENDS",
        OIDC_RP_CLIENT_ID="portal",
        OIDC_OP_JWKS_ENDPOINT="https://id.example.org/jwks",
    )
    assert value == "True True"


def test_sign_in_page_offers_oidc_only_when_enabled(client, db):
    assert "oidc" not in client.get("/accounts/login/").content.decode()


def test_claims_map_to_the_account_with_that_address(db):
    user = testing.make_user(email="Liisa@Example.org")

    assert user_from_claims({"email": "liisa@example.org", "email_verified": True}) == user


def test_new_address_gets_account_without_roles(db):
    user = user_from_claims(
        {"email": "uusi@example.org", "given_name": "Uusi", "family_name": "Käyttäjä", "locale": "sv-FI"}
    )

    assert user.email == "uusi@example.org"
    assert user.first_name == "Uusi"
    assert user.preferred_language == "sv"
    assert not user.has_usable_password()
    assert not user.provider_memberships.exists()


@pytest.mark.parametrize("claims", [{}, {"email": ""}, {"email": "a@example.org", "email_verified": False}])
def test_claims_without_a_verified_address_sign_in_nobody(db, claims):
    assert user_from_claims(claims) is None


def test_claims_of_an_inactive_account_sign_in_nobody(db):
    testing.make_user(email="pois@example.org", is_active=False)

    assert user_from_claims({"email": "pois@example.org"}) is None
