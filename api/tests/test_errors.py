"""Error bodies: the v1 shape, stable codes, and messages in Finnish, Swedish and English."""

import pytest

from .conftest import client_for


@pytest.mark.parametrize(
    ("headers", "query", "expected"),
    [
        ({"HTTP_ACCEPT_LANGUAGE": "fi"}, "", "“abc” ei ole kokonaisluku."),
        ({"HTTP_ACCEPT_LANGUAGE": "sv"}, "", "”abc” är inte ett heltal."),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "", "“abc” is not a whole number."),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "&lang=fi", "“abc” ei ole kokonaisluku."),
        ({}, "&lang=sv", "”abc” är inte ett heltal."),
    ],
)
def test_parameter_error_follows_language(client, world, headers, query, expected):
    response = client.get(f"/api/v1/hobbies/?age=abc{query}", **headers)

    assert response.json() == {"age": [expected], "error_codes": {"age": ["invalid_integer"]}}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_field_errors_translated_with_codes(world, language):
    response = client_for(world.users["own"]).post(
        "/api/v1/hobbies/", {"price_type": "free", "price_amount": "5.00"}, format="json", HTTP_ACCEPT_LANGUAGE=language
    )

    body = response.json()
    assert body["error_codes"] == {"name": ["required"]}
    english = "This field is required."
    assert (body["name"][0] == english) == (language == "en")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fi", "Kokonaismäärä 3 on pienempi kuin jo tehdyt 4 käyttöä: anna vähintään 4."),
        ("sv", "Det totala antalet 3 är mindre än de 4 användningar som redan gjorts: ange minst 4."),
        ("en", "The total quantity 3 is below the 4 uses already made: give at least 4."),
    ],
)
def test_domain_error_translated(world, language, expected):
    from promotions.models import Promotion

    Promotion.objects.filter(pk=world.promotion.pk).update(used_count=4)

    response = client_for(world.users["own"]).patch(
        f"/api/v1/promotions/{world.promotion.pk}/", {"available_count": 3}, format="json", HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.json()["available_count"] == [expected]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_detail_errors_have_codes(client, world, language):
    missing = client.get("/api/v1/hobbies/999999/", HTTP_ACCEPT_LANGUAGE=language)
    anonymous_write = client.post("/api/v1/hobbies/", {"name": "x"}, format="json", HTTP_ACCEPT_LANGUAGE=language)

    assert missing.json()["error_codes"] == {"detail": ["not_found"]}
    assert anonymous_write.status_code == 401
    assert anonymous_write.json()["error_codes"] == {"detail": ["not_authenticated"]}
    assert (missing.json()["detail"] == "Not found.") == (language == "en")


@pytest.mark.parametrize(("language", "expected"), [("fi", "Annettu tunniste ei kelpaa minkään tyyppiseksi tunnisteeksi."), ("sv", "Den angivna token är inte giltig för någon tokentyp.")])
def test_jwt_errors_translated(client, world, language, expected):
    response = client.get("/api/v1/hobbies/", HTTP_AUTHORIZATION="Bearer broken", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 401
    assert response.json()["detail"] == expected


def test_used_up_promotion_message_in_swedish(world):
    from promotions.models import Promotion

    Promotion.objects.filter(pk=world.promotion.pk).update(total_quantity=0)

    response = client_for(world.users["own"]).post(
        "/api/v1/benefits/", {"promotion": world.promotion.pk}, format="json", HTTP_ACCEPT_LANGUAGE="sv"
    )

    assert response.json()["error_codes"] == {"non_field_errors": ["promotion_used_up"]}
    assert "förbrukad" in response.json()["non_field_errors"][0]
