"""The whole OpenID Connect sign-in against an identity provider served on 127.0.0.1.

The provider is a small HTTP server in this test. It signs ID tokens with its own RSA key,
publishes the key at a JWKS address and replies to the token and user info requests. So the
portal's side (mozilla-django-oidc and accounts.oidc) runs unchanged over real HTTP.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model

from core import testing

CLIENT_ID = "harrastuspassi-portal"
KEY_ID = "test-key-1"


class IdentityProvider:
    """State of the test provider: its key, the claims it gives and the nonce it was sent."""

    def __init__(self, claims):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.claims = claims
        self.nonce = None
        self.token_requests = []

    def id_token(self, base_url):
        now = int(time.time())
        payload = {
            "iss": base_url,
            "sub": "user-1",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": self.nonce,
        }
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": KEY_ID})

    def jwks(self):
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        public.update({"kid": KEY_ID, "alg": "RS256", "use": "sig"})
        return {"keys": [public]}


def serve(provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, body):
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/jwks":
                self.reply(provider.jwks())
            elif self.path == "/userinfo" and self.headers.get("Authorization") == "Bearer access-1":
                self.reply(provider.claims)
            else:
                self.send_error(404)

        def do_POST(self):
            form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            provider.token_requests.append(form)
            if self.path == "/token" and form.get("code") == ["code-1"]:
                base_url = f"http://127.0.0.1:{self.server.server_port}"
                self.reply({"id_token": provider.id_token(base_url), "access_token": "access-1", "token_type": "Bearer"})
            else:
                self.send_error(400)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def identity_provider(settings):
    provider = IdentityProvider({"email": "maija@example.org", "email_verified": True, "locale": "sv"})
    server = serve(provider)
    base = f"http://127.0.0.1:{server.server_port}"
    settings.ROOT_URLCONF = "portal.tests.oidc_urls_enabled"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "accounts.oidc.PortalOIDCBackend"]
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "client-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    yield provider
    server.shutdown()
    server.server_close()


def sign_in(client, provider, code="code-1"):
    redirect = client.get("/oidc/authenticate/")
    query = parse_qs(urlsplit(redirect["Location"]).query)
    provider.nonce = query["nonce"][0]
    return redirect, client.get("/oidc/callback/", {"code": code, "state": query["state"][0]})


@pytest.mark.django_db
def test_first_sign_in_creates_account_without_roles(client, identity_provider, settings):
    redirect, callback = sign_in(client, identity_provider)

    assert redirect.status_code == 302
    assert redirect["Location"].startswith(settings.OIDC_OP_AUTHORIZATION_ENDPOINT + "?")
    assert callback.status_code == 302
    user = get_user_model().objects.get(email="maija@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.preferred_language == "sv"
    assert not user.has_usable_password()
    assert not user.provider_memberships.exists()
    assert identity_provider.token_requests[0]["client_id"] == [CLIENT_ID]


@pytest.mark.django_db
def test_sign_in_finds_existing_account(client, identity_provider):
    provider = testing.make_provider()
    member = testing.make_member(provider, role="admin", email="Maija@Example.org")

    sign_in(client, identity_provider)

    assert client.session["_auth_user_id"] == str(member.pk)
    assert client.get("/portal/").status_code == 200


@pytest.mark.django_db
def test_unverified_address_signs_nobody_in(client, identity_provider):
    identity_provider.claims = {"email": "maija@example.org", "email_verified": False}

    sign_in(client, identity_provider)

    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(email="maija@example.org").exists()


@pytest.mark.django_db
def test_wrong_code_returns_to_sign_in_page(client, identity_provider):
    _redirect, callback = sign_in(client, identity_provider, code="forged")

    assert "_auth_user_id" not in client.session
    page = client.get(callback["Location"]).content.decode()
    assert "Kirjautuminen organisaatiosi tunnuksella ei onnistunut" in page

