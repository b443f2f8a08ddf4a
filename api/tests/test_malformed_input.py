"""Malformed input gets a 4xx JSON error that names the parameter or field, never a 500.

Several cases failed only on one database (NUL characters on PostgreSQL, integers above
64 bits on SQLite), so this file is run on both.
"""

import json

import pytest

from hobbies.models import Hobby

from .conftest import client_for

HUGE = 2**63
HUGER = 10**30


@pytest.fixture
def own(world):
    return client_for(world.users["own"])


def codes(response):
    return response.json()["error_codes"]


# --- Query parameters --------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ["hobbies", "hobbyevents"])
@pytest.mark.parametrize("page", ["9223372036854775807", "9223372036854775808", str(HUGER)])
def test_huge_page_number_is_400_on_page(client, world, endpoint, page):
    response = client.get(f"/api/v1/{endpoint}/?page={page}")

    assert response.status_code == 400
    assert codes(response) == {"page": ["out_of_range"]}


def test_largest_accepted_page_is_past_the_end(client, world):
    response = client.get("/api/v1/hobbies/?page=4294968&page_size=500")

    assert response.status_code == 404
    assert codes(response) == {"detail": ["not_found"]}


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        (f"/api/v1/hobbies/?category={HUGER}", "category"),
        (f"/api/v1/hobbies/?municipality={HUGE}", "municipality"),
        (f"/api/v1/hobbies/?organizer={HUGER}", "organizer"),
        (f"/api/v1/hobbyevents/?hobby={HUGE}", "hobby"),
        (f"/api/v1/hobbycategories/?parent={HUGER}", "parent"),
        (f"/api/v1/hobbies/?page_size={HUGER}", "page_size"),
    ],
)
def test_integer_parameter_above_database_range_is_400(client, world, url, parameter):
    response = client.get(url)

    assert response.status_code == 400
    assert codes(response) == {parameter: ["out_of_range"]}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/hobbies/?organizer=-3",
        "/api/v1/hobbies/?municipality=0",
        "/api/v1/hobbies/?category=-1",
        "/api/v1/hobbyevents/?hobby=0",
        "/api/v1/hobbycategories/?parent=-5",
    ],
)
def test_id_below_one_is_400(client, world, url):
    parameter = url.split("?")[1].split("=")[0]

    response = client.get(url)

    assert response.status_code == 400
    assert codes(response) == {parameter: ["out_of_range"]}


@pytest.mark.parametrize("value", ["١٢", "1_000", "1e3"])
def test_non_ascii_integer_is_400(client, world, value):
    response = client.get("/api/v1/hobbies/", {"page": value})

    assert response.status_code == 400
    assert codes(response) == {"page": ["invalid_integer"]}


def test_negative_page_size_message_gives_the_real_maximum(client, world):
    response = client.get("/api/v1/hobbies/?page_size=-5&lang=en", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["page_size"] == ["-5 is out of range: it must be between 1 and 500."]


def test_huge_max_distance_keeps_every_located_row(client, world):
    response = client.get("/api/v1/hobbies/?ordering=nearest&near_latitude=0&near_longitude=0&max_distance=1e308")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [world.hobby.pk]


@pytest.mark.parametrize(
    "value", ["0001-01-01", "0001-01-01T00:00:00", "0001-01-01T00:00:00+03:00", "9999-12-31T23:59:59-05:00"]
)
@pytest.mark.parametrize("endpoint", ["hobbies", "hobbyevents", "locations", "promotions"])
def test_updated_since_outside_utc_years_is_400(client, world, endpoint, value):
    response = client.get(f"/api/v1/{endpoint}/", {"updated_since": value})

    assert response.status_code == 400
    assert codes(response) == {"updated_since": ["datetime_out_of_range"]}


@pytest.mark.parametrize(
    "query",
    [
        "start_date_from=0001-01-01",
        "start_date_to=9999-12-31",
        "start_date_from=0001-01-01&start_date_to=9999-12-31&start_time_from=00:00&start_time_to=23:59:59",
    ],
)
def test_extreme_session_dates_are_plain_filters(client, world, query):
    listed = client.get(f"/api/v1/hobbyevents/?{query}")
    of_hobby = client.get(f"/api/v1/hobbyevents/?hobby={world.hobby.pk}&{query}")

    assert listed.status_code == of_hobby.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [world.session.pk]
    assert [row["id"] for row in of_hobby.json()["results"]] == [world.session.pk]


def test_updated_since_year_two_is_accepted(client, world):
    response = client.get("/api/v1/hobbies/", {"updated_since": "0002-01-01"})

    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/hobbies/?language=%00", "language"),
        ("/api/v1/hobbies/?language=x%00y", "language"),
        ("/api/v1/hobbyevents/?search=%00", "search"),
        ("/api/v1/hobbies/?search=jalka%00pallo", "search"),
        ("/api/v1/promotions/?search=%00", "search"),
        ("/api/v1/locations/?anything=%00", "anything"),
        ("/api/v1/hobbycategories/?lang=%00", "lang"),
    ],
)
def test_nul_in_query_parameter_is_400_on_it(client, world, url, parameter):
    response = client.get(url)

    assert response.status_code == 400
    assert codes(response) == {parameter: ["nul_character"]}


def test_too_many_query_parameters_is_json_400(client, world):
    query = "&".join(["start_weekday=2"] * 1200)

    response = client.get(f"/api/v1/hobbyevents/?{query}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request has too many fields or query parameters: the maximum is 1000.",
        "error_codes": {"detail": ["too_many_fields"]},
    }


def test_huge_id_in_path_is_json_404(client, world):
    response = client.get(f"/api/v1/hobbies/{HUGER}/")

    assert response.status_code == 404
    assert codes(response) == {"detail": ["not_found"]}


# --- JSON bodies -------------------------------------------------------------------------

DEEP = ('{"username": ' + "[" * 100_000 + "]" * 100_000 + "}").encode()


@pytest.mark.parametrize(
    "url", ["/auth/token/", "/auth/token/refresh/", "/api/v1/hobbies/", "/api/v1/benefits/", "/api/v1/locations/"]
)
def test_deeply_nested_json_is_400(own, url):
    response = own.generic("POST", url, DEEP, content_type="application/json")

    assert response.status_code == 400
    assert codes(response) == {"detail": ["json_too_deep"]}


def test_deeply_nested_json_on_put_is_400(own, world):
    response = own.generic("PUT", f"/api/v1/hobbies/{world.hobby.pk}/", DEEP, content_type="application/json")

    assert response.status_code == 400
    assert codes(response) == {"detail": ["json_too_deep"]}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('{"name": ', "Runko ei ole kelvollista JSONia: virhe on rivillä 1, sarakkeessa 10."),
        ('{"name": NaN}', "Runko ei ole kelvollista JSONia: virhe on rivillä 1, sarakkeessa 1."),
    ],
)
def test_invalid_json_message_is_translated(own, body, expected):
    response = own.generic("POST", "/api/v1/hobbies/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": expected, "error_codes": {"detail": ["invalid_json"]}}


def test_json_that_is_not_utf8_is_400(own):
    response = own.generic("POST", "/api/v1/hobbies/", b'{"name": "\xff"}', content_type="application/json")

    assert response.status_code == 400
    assert codes(response) == {"detail": ["invalid_utf8"]}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("location", HUGE),
        ("location", HUGER),
        ("organizer", HUGE),
        ("categories", [HUGER]),
    ],
)
def test_reference_above_database_range_is_unknown(own, field, value):
    response = own.post("/api/v1/hobbies/", {"name": "Kerho", field: value}, format="json")

    assert response.status_code == 400
    assert codes(response) == {field: ["does_not_exist"]}


@pytest.mark.parametrize(
    ("url_name", "field", "value", "code"),
    [
        ("hobbies", "min_age", HUGE, "max_value"),
        ("hobbies", "max_age", HUGER, "max_value"),
        ("hobbies", "price_amount", HUGER, "max_digits"),
        ("hobbyevents", "recurrency_count", HUGE, "out_of_range"),
    ],
)
def test_integer_field_above_database_range_is_400(own, world, url_name, field, value, code):
    body = {"name": "Kerho", "hobby": world.hobby.pk, "start_date": "2030-10-15", "end_date": "2030-10-15",
            "start_time": "17:00", "end_time": "18:00", "is_recurrent": True, field: value}

    response = own.post(f"/api/v1/{url_name}/", body, format="json")

    assert response.status_code == 400
    assert codes(response) == {field: [code]}


def test_coordinate_too_large_for_a_float_is_400(own):
    body = {"name": "Kenttä", "coordinates": {"type": "Point", "coordinates": [10**400, 60]}}

    response = own.post("/api/v1/locations/", body, format="json")

    assert response.status_code == 400
    assert codes(response) == {"coordinates": ["invalid_coordinates"]}


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/hobbies/", "name"),
        ("/api/v1/hobbies/", "description"),
        ("/api/v1/organizers/", "name"),
        ("/api/v1/locations/", "address"),
        ("/api/v1/locations/", "city"),
    ],
)
def test_nul_in_body_field_is_400_on_it(own, url, field):
    body = {"name": "Kerho", field: "a\x00b"}

    response = own.post(url, body, format="json")

    assert response.status_code == 400
    assert codes(response) == {field: ["control_character"]}


def test_nul_in_language_code_is_400(own):
    response = own.post("/api/v1/hobbies/", {"name": "Kerho", "languages": ["f\x00i"]}, format="json")

    assert response.status_code == 400
    assert codes(response) == {"languages": {"0": ["null_characters_not_allowed"]}}


def test_nul_in_credentials_is_400(client, db):
    response = client.post("/auth/token/", {"username": "a\x00", "password": "b\x00"}, format="json")

    assert response.status_code == 400
    assert codes(response) == {"username": ["null_characters_not_allowed"], "password": ["null_characters_not_allowed"]}


# --- Sizes and form bodies -----------------------------------------------------------------


def test_oversized_hobby_body_is_400_on_image(own, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"name": "Kerho", "cover_image": "A" * 2000})

    response = own.generic("POST", "/api/v1/hobbies/", body, content_type="application/json")

    assert response.status_code == 400
    assert codes(response) == {"cover_image": ["body_too_large"]}
    assert not Hobby.objects.filter(name_fi="Kerho").exists()


def test_oversized_json_body_without_image_is_400(own, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"name": "x" * 2000})

    response = own.generic("POST", "/api/v1/organizers/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request body is too large: the maximum is 1000 bytes.",
        "error_codes": {"detail": ["body_too_large"]},
    }


def test_urlencoded_body_with_too_many_fields_is_400(own):
    body = "&".join(f"field{index}=1" for index in range(1001))

    response = own.generic("POST", "/api/v1/hobbies/", body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert codes(response) == {"detail": ["too_many_fields"]}


def test_urlencoded_body_of_exactly_the_maximum_is_parsed(own, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    body = "name=Kerho&description=Kuvaus&price_type=free"

    response = own.generic("POST", "/api/v1/hobbies/", body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 201, response.content


@pytest.mark.parametrize("body", ["name=%FF%FE", "name=Kerho&description=ok%C3", "name=%ED%A0%80"])
def test_urlencoded_invalid_utf8_is_400_on_field(own, body):
    field = body.rsplit("&", 1)[-1].split("=")[0]

    response = own.generic("POST", "/api/v1/hobbies/", body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert codes(response) == {field: ["invalid_utf8"]}
    assert not Hobby.objects.filter(name_fi="Kerho").exists()


def test_urlencoded_utf8_is_stored(own):
    response = own.generic(
        "POST", "/api/v1/hobbies/", "name=J%C3%A4%C3%A4kiekko", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 201
    assert response.json()["name"] == "Jääkiekko"


def test_multipart_field_with_replacement_character_is_400(own):
    response = own.post("/api/v1/hobbies/", {"name": "Kerho \ufffd"}, format="multipart")

    assert response.status_code == 400
    assert codes(response) == {"name": ["replacement_character"]}
