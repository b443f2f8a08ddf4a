"""Text and language fields of hobbies, locations and organizers: what counts as empty,
which characters are rejected, the description limit and known language codes."""

import pytest

from hobbies.models import MAX_DESCRIPTION_LENGTH, Hobby

from .conftest import client_for


@pytest.fixture
def own(world):
    return client_for(world.users["own"])


@pytest.mark.parametrize(
    "name",
    ["\u200b", "\u200b\u200c\u200d\u2060\ufeff", "\u3164\u3164", "\u2800", " \u00a0\u2003 ", "\u0301", "\x01\x02"],
)
@pytest.mark.parametrize("url", ["/api/v1/hobbies/", "/api/v1/organizers/"])
def test_invisible_name_counts_as_missing(own, url, name):
    response = own.post(url, {"name": name}, format="json")

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"name": ["blank"]}


def test_invisible_description_is_stored_empty(own):
    response = own.post("/api/v1/hobbies/", {"name": "Kerho", "description": "\u200b\ufeff"}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["description"] == ""


def test_name_with_joiners_inside_is_kept(own):
    name = "Perhe \U0001f468\u200d\U0001f469\u200d\U0001f467 -liikunta"

    response = own.post("/api/v1/hobbies/", {"name": name}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["name"] == name


@pytest.mark.parametrize(("character", "code_point"), [("\x07", "0007"), ("\x1b", "001B"), ("\x7f", "007F"), ("\x85", "0085")])
def test_control_character_is_400_naming_it(own, character, code_point):
    response = own.post("/api/v1/hobbies/", {"name": f"Ker{character}ho"}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {
        "name": [f"The text contains the control character U+{code_point}, which is not accepted."],
        "error_codes": {"name": ["control_character"]},
    }


def test_description_keeps_line_breaks_and_tabs(own):
    description = "Ensimmäinen kappale.\r\n\r\nToinen\tkappale."

    response = own.post("/api/v1/hobbies/", {"name": "Kerho", "description": description}, format="json")

    assert response.status_code == 201, response.content
    assert Hobby.objects.get(pk=response.json()["id"]).description_fi == description


def test_description_over_limit_is_400(own):
    at_limit = own.post("/api/v1/hobbies/", {"name": "Raja", "description": "a" * MAX_DESCRIPTION_LENGTH}, format="json")
    over = own.post("/api/v1/hobbies/", {"name": "Yli", "description": "a" * 3_000_000}, format="json")

    assert at_limit.status_code == 201
    assert over.status_code == 400
    assert over.json()["error_codes"] == {"description": ["max_length"]}
    assert not Hobby.objects.filter(name_fi="Yli").exists()


@pytest.mark.parametrize("code", ["xx", "fin", "english", "zz-zz", "x"])
def test_unknown_language_code_is_400(own, code):
    response = own.post("/api/v1/hobbies/", {"name": "Kerho", "languages": ["fi", code]}, format="json")

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"languages": ["unknown_language"]}
    assert not Hobby.objects.filter(name_fi="Kerho").exists()


def test_known_language_codes_are_stored_lowercase(own):
    response = own.post("/api/v1/hobbies/", {"name": "Kerho", "languages": ["FI", "sv", "fse", "se", "so", "pt-br"]}, format="json")

    assert response.status_code == 201, response.content
    assert sorted(response.json()["languages"]) == ["fi", "fse", "pt-br", "se", "so", "sv"]


def test_location_text_fields_reject_control_characters(own):
    response = own.post("/api/v1/locations/", {"name": "Halli", "address": "Katu\x0b1"}, format="json")

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"address": ["control_character"]}
