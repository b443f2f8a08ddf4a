"""Every response under /api/, /mobile-api/ and /auth/ is JSON, writes work without the
trailing slash, and messages from the libraries are translated."""

import pytest
from django.test import override_settings

from hobbies.models import Hobby

from .conftest import client_for


@pytest.fixture
def own(world):
    return client_for(world.users["own"])


@pytest.mark.parametrize(
    "url",
    ["/api/v1/hobbies/abc/", "/api/v1/nonexistent/", "/mobile-api/v1/hobbies/1/x/", "/api/v2/", "/auth/nothing/"],
)
@pytest.mark.parametrize("debug", [False, True])
def test_unknown_url_is_json_404(client, db, url, debug):
    with override_settings(DEBUG=debug):
        response = client.get(url, HTTP_ACCEPT="text/html", HTTP_ACCEPT_LANGUAGE="sv")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Hittades inte.", "error_codes": {"detail": ["not_found"]}}


def test_browser_asking_for_html_gets_json(client, world):
    response = client.get("/api/v1/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "hobbies" in response.json()


def test_error_for_browser_is_json(client, db):
    response = client.get("/api/v1/hobbies/?age=abc", HTTP_ACCEPT="text/html")

    assert response["Content-Type"] == "application/json"
    assert response.json()["error_codes"] == {"age": ["invalid_integer"]}


@pytest.mark.parametrize("prefix", ["/api/v1/", "/mobile-api/v1/"])
def test_post_without_trailing_slash_is_served(own, world, prefix):
    response = own.post(f"{prefix}hobbies", {"name": "Kerho ilman kauttaviivaa"}, format="json")

    assert response.status_code == 201, response.content
    assert Hobby.objects.filter(name_fi="Kerho ilman kauttaviivaa").exists()


@pytest.mark.parametrize("debug", [False, True])
def test_benefit_post_without_trailing_slash_is_served(own, world, debug):
    with override_settings(DEBUG=debug):
        response = own.post("/api/v1/benefits", {"promotion": world.promotion.pk}, format="json")

    assert response.status_code == 201, response.content
    world.promotion.refresh_from_db()
    assert world.promotion.used_count == 1


def test_put_patch_delete_without_trailing_slash_are_served(own, world):
    url = f"/api/v1/hobbies/{world.hobby.pk}"

    patched = own.patch(url, {"name": "Uusi nimi"}, format="json")
    put = own.put(url, {"name": "Toinen nimi"}, format="json")
    deleted = own.delete(url)

    assert (patched.status_code, put.status_code, deleted.status_code) == (200, 200, 204)
    assert not Hobby.objects.filter(pk=world.hobby.pk).exists()


def test_token_post_without_trailing_slash_is_served(client, world):
    response = client.post(
        "/auth/token", {"username": world.users["own"].username, "password": "correct horse battery staple"}, format="json"
    )

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}


def test_get_without_trailing_slash_still_redirects(client, world):
    response = client.get(f"/api/v1/hobbies/{world.hobby.pk}?lang=sv")

    assert response.status_code == 301
    assert response["Location"] == f"/api/v1/hobbies/{world.hobby.pk}/?lang=sv"


# --- Library messages in Finnish and Swedish ------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field", "code", "messages"),
    [
        (
            {"name": ["Kerho"]},
            "name",
            "invalid",
            {"fi": "Arvo ei ole kelvollinen merkkijono.", "sv": "Värdet är inte en giltig sträng."},
        ),
        (
            {"name": "Kerho", "languages": ["fi"] * 21},
            "languages",
            "max_length",
            {"fi": "Kentässä saa olla enintään 20 alkiota.", "sv": "Fältet får ha högst 20 element."},
        ),
    ],
)
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_library_field_messages_are_translated(own, body, field, code, messages, language):
    response = own.post("/api/v1/hobbies/", body, format="json", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert response.json() == {field: [messages[language]], "error_codes": {field: [code]}}


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "Korvausmerkit (surrogate) eivät ole sallittuja: U+D800."), ("sv", "Surrogattecken är inte tillåtna: U+D800.")],
)
def test_surrogate_message_is_translated(own, language, expected):
    body = '{"name": "\\ud800"}'

    response = own.generic("POST", "/api/v1/hobbies/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert response.json() == {"name": [expected], "error_codes": {"name": ["surrogate_characters_not_allowed"]}}


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "Arvon on oltava totuusarvo (true tai false)."), ("sv", "Värdet måste vara ett booleskt värde (true eller false).")],
)
def test_boolean_message_is_translated(own, world, language, expected):
    body = {"hobby": world.hobby.pk, "start_date": "2030-10-15", "end_date": "2030-10-15", "start_time": "17:00",
            "end_time": "18:00", "is_recurrent": "ehkä"}

    response = own.post("/api/v1/hobbyevents/", body, format="json", HTTP_ACCEPT_LANGUAGE=language)

    assert response.json() == {"is_recurrent": [expected], "error_codes": {"is_recurrent": ["invalid"]}}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fi", "Tietoja ei lähetetty: lähetä JSON-objekti."),
        ("sv", "Inga data skickades: skicka ett JSON-objekt."),
        ("en", "No data was sent: send a JSON object."),
    ],
)
def test_null_body_message_is_translated(own, language, expected):
    response = own.generic("POST", "/api/v1/hobbies/", "null", content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [expected], "error_codes": {"non_field_errors": ["no_data"]}}


def test_jwt_error_codes_name_the_error(client, world):
    response = client.get("/api/v1/hobbies/", HTTP_AUTHORIZATION="Bearer not.a.jwt", HTTP_ACCEPT_LANGUAGE="sv")

    body = response.json()
    assert response.status_code == 401
    assert body["error_codes"] == {"detail": ["token_not_valid"]}
    assert body["code"] == "token_not_valid"
    assert [message["message"] for message in body["messages"]] == ["Token är ogiltig."]
