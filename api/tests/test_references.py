"""References by id in request bodies: "not yours" gets the same response as "does not
exist", and only whole numbers are ids."""

import pytest

from core import testing
from hobbies.models import Hobby

from .conftest import client_for

MISSING = 987654321


@pytest.fixture
def own(world):
    return client_for(world.users["own"])


def other_answer(answer, hidden_id):
    """Return the error message with the id replaced, so two messages can be compared."""
    return answer.replace(str(hidden_id), "ID").replace(str(MISSING), "ID")


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_other_providers_organizer_answers_as_missing(own, world, language):
    not_mine = own.post(
        "/api/v1/hobbies/", {"name": "Kerho", "organizer": world.other_provider.pk}, format="json", HTTP_ACCEPT_LANGUAGE=language
    )
    missing = own.post("/api/v1/hobbies/", {"name": "Kerho", "organizer": MISSING}, format="json", HTTP_ACCEPT_LANGUAGE=language)

    assert not_mine.status_code == missing.status_code == 400
    assert not_mine.json()["error_codes"] == missing.json()["error_codes"] == {"organizer": ["does_not_exist"]}
    assert other_answer(not_mine.json()["organizer"][0], world.other_provider.pk) == other_answer(
        missing.json()["organizer"][0], MISSING
    )


def test_organizer_message_in_finnish(own, world):
    response = own.post("/api/v1/hobbies/", {"name": "Kerho", "organizer": MISSING}, format="json")

    assert response.json()["organizer"] == [f"Järjestäjää, jonka tunniste on {MISSING} ja jota saat käyttää, ei ole."]


def test_location_organizer_answers_as_missing(own, world):
    not_mine = own.post("/api/v1/locations/", {"name": "Halli", "organizer": world.other_provider.pk}, format="json")
    missing = own.post("/api/v1/locations/", {"name": "Halli", "organizer": MISSING}, format="json")

    assert not_mine.json()["error_codes"] == missing.json()["error_codes"] == {"organizer": ["does_not_exist"]}
    assert other_answer(not_mine.json()["organizer"][0], world.other_provider.pk) == other_answer(
        missing.json()["organizer"][0], MISSING
    )


def test_other_providers_location_answers_as_missing(own, world):
    not_mine = own.post("/api/v1/hobbies/", {"name": "Kerho", "location": world.other_location.pk}, format="json")
    missing = own.post("/api/v1/hobbies/", {"name": "Kerho", "location": MISSING}, format="json", HTTP_ACCEPT_LANGUAGE="sv")

    assert not_mine.json() == {
        "location": [f"Paikkaa, jonka tunniste on {world.other_location.pk} ja jota saat käyttää, ei ole."],
        "error_codes": {"location": ["does_not_exist"]},
    }
    assert missing.json()["location"] == [f"Det finns ingen plats med id {MISSING} som du får använda."]


@pytest.mark.parametrize("hidden", ["draft of another provider", "published hobby of another provider"])
def test_session_for_hobby_not_yours_answers_as_missing(own, world, hidden):
    status = Hobby.Status.DRAFT if hidden.startswith("draft") else Hobby.Status.PUBLISHED
    hobby = testing.make_hobby(provider=world.other_provider, status=status)
    body = {"start_date": "2030-10-15", "end_date": "2030-10-15", "start_time": "17:00", "end_time": "18:00"}

    not_mine = own.post("/api/v1/hobbyevents/", {**body, "hobby": hobby.pk}, format="json")
    missing = own.post("/api/v1/hobbyevents/", {**body, "hobby": MISSING}, format="json")

    assert not_mine.json()["error_codes"] == missing.json()["error_codes"] == {"hobby": ["does_not_exist"]}
    assert not_mine.json()["hobby"] == [f"Harrastusta, jonka tunniste on {hobby.pk} ja jota saat muuttaa, ei ole."]
    assert other_answer(not_mine.json()["hobby"][0], hobby.pk) == other_answer(missing.json()["hobby"][0], MISSING)


def test_session_may_be_added_to_own_draft(own, world):
    draft = testing.make_hobby(provider=world.provider, status=Hobby.Status.DRAFT)
    body = {"hobby": draft.pk, "start_date": "2030-10-15", "end_date": "2030-10-15", "start_time": "17:00", "end_time": "18:00"}

    response = own.post("/api/v1/hobbyevents/", body, format="json")

    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("categories", [1.5]),
        ("categories", ["1.5"]),
        ("location", 1042.5),
        ("location", True),
        ("location", "12abc"),
        ("organizer", [1]),
        ("organizer", {"name": "Seura"}),
    ],
)
def test_fractional_or_malformed_id_is_400(own, field, value):
    response = own.post("/api/v1/hobbies/", {"name": "Kerho", field: value}, format="json")

    assert response.status_code == 400
    assert response.json()["error_codes"] == {field: ["invalid_id"]}
    assert not Hobby.objects.filter(name_fi="Kerho").exists()


def test_whole_number_ids_in_other_forms_are_accepted(own, world):
    tree = testing.make_category_tree()
    body = {
        "name": "Kerho",
        "categories": [float(tree["Football"].pk), str(tree["Music"].pk)],
        "location": str(world.location.pk),
        "organizer": float(world.provider.pk),
    }

    response = own.post("/api/v1/hobbies/", body, format="json")

    assert response.status_code == 201, response.content
    assert sorted(response.json()["categories"]) == sorted([tree["Football"].pk, tree["Music"].pk])
    assert (response.json()["location"], response.json()["organizer"]) == (world.location.pk, world.provider.pk)


def test_form_data_references_are_accepted(own, world):
    tree = testing.make_category_tree()
    body = {"name": "Kerho", "categories": [tree["Football"].pk, tree["Music"].pk], "location": world.location.pk}

    response = own.post("/api/v1/hobbies/", body, format="multipart")

    assert response.status_code == 201, response.content
    assert len(response.json()["categories"]) == 2


def test_too_many_categories_is_400(own):
    tree = testing.make_category_tree()

    response = own.post("/api/v1/hobbies/", {"name": "Kerho", "categories": [tree["Music"].pk] * 51}, format="json")

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"categories": ["max_length"]}
