"""GET hobbies/: the v1 fields and types, filters, pagination and nearest ordering."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import testing
from core.geo import haversine_m
from hobbies.models import Hobby
from hobbies.search import index_hobbies

from .conftest import client_for

HOBBY_FIELDS = {
    "id": int,
    "name": str,
    "description": str,
    "categories": list,
    "location": int,
    "organizer": int,
    "price_type": str,
    "price_amount": str,
    "permissions": dict,
}


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_fields_and_types_follow_v1(client, world):
    response = client.get("/api/v1/hobbies/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    row = body["results"][0]
    for name, kind in HOBBY_FIELDS.items():
        assert isinstance(row[name], kind), name
    assert row["cover_image"] is None
    assert row["municipality"] == {"id": world.municipality.pk, "name": "Espoo"}
    assert row["price_amount"] == "0.00"
    assert row["permissions"] == {"can_edit": False}


def test_includes_nest_location_and_organizer(client, world):
    response = client.get("/api/v1/hobbies/?include=location_detail&include=organizer_detail")

    row = response.json()["results"][0]
    assert row["location"] == {
        "id": world.location.pk,
        "name": world.location.name_fi,
        "address": "Urheilutie 1",
        "zip_code": "00100",
        "city": "Helsinki",
        "coordinates": {"type": "Point", "coordinates": [24.9384, 60.1699]},
        "municipality": world.municipality.pk,
    }
    assert row["organizer"] == {"id": world.provider.pk, "name": world.provider.name_fi}


def test_unknown_include_is_400(client, world):
    response = client.get("/api/v1/hobbies/?include=everything")

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"include": ["invalid_choice"]}


def test_unknown_price_amount_is_zero_string_and_flagged(client, world):
    testing.make_hobby(name_fi="Ratsastus", price_type="paid", price_amount=None, data_source="lipas", origin_id="1")

    rows = {row["name"]: row for row in client.get("/api/v1/hobbies/").json()["results"]}

    assert rows["Ratsastus"]["price_amount"] == "0.00"
    assert rows["Ratsastus"]["price_amount_known"] is False
    assert rows[world.hobby.name_fi]["price_amount_known"] is True


def test_pages_are_bounded_and_linked(client, db):
    for number in range(7):
        testing.make_hobby(name_fi=f"Kerho {number}")

    first = client.get("/api/v1/hobbies/?page_size=3").json()
    last = client.get("/api/v1/hobbies/?page_size=3&page=3").json()
    capped = client.get("/api/v1/hobbies/?page_size=100000")

    assert first["count"] == 7
    assert first["next"] == "http://testserver/api/v1/hobbies/?page=2&page_size=3"
    assert first["previous"] is None
    assert len(last["results"]) == 1
    assert last["next"] is None
    assert capped.status_code == 200
    assert client.get("/api/v1/hobbies/?page_size=3&page=4").status_code == 404


@pytest.mark.parametrize("prefix", ["/api/v1/", "/mobile-api/v1/", "/api/"])
def test_every_prefix_paginates(client, world, prefix):
    response = client.get(f"{prefix}hobbies/")

    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    ("query", "parameter", "code"),
    [
        ("page=0", "page", "out_of_range"),
        ("page=x", "page", "invalid_integer"),
        ("category=abc", "category", "invalid_integer"),
        ("category=999999", "category", "unknown_category"),
        ("price_type=cheap", "price_type", "invalid_choice"),
        ("age=abc", "age", "invalid_integer"),
        ("age=120", "age", "out_of_range"),
        ("updated_since=yesterday", "updated_since", "invalid_datetime"),
        ("ordering=cheapest", "ordering", "invalid_choice"),
        ("ordering=nearest&near_longitude=24.9", "near_latitude", "required_with_nearest"),
        ("ordering=nearest&near_latitude=60.1", "near_longitude", "required_with_nearest"),
        ("ordering=nearest&near_latitude=north&near_longitude=24.9", "near_latitude", "invalid_number"),
        ("ordering=nearest&near_latitude=90.5&near_longitude=24.9", "near_latitude", "out_of_range"),
        ("ordering=nearest&near_latitude=60&near_longitude=-180.1", "near_longitude", "out_of_range"),
        ("ordering=nearest&near_latitude=60&near_longitude=24&max_distance=far", "max_distance", "invalid_number"),
        ("max_distance=10", "max_distance", "nearest_only"),
    ],
)
def test_malformed_parameter_is_400_naming_it(client, world, query, parameter, code):
    response = client.get(f"/api/v1/hobbies/?{query}")

    assert response.status_code == 400
    body = response.json()
    assert list(body["error_codes"]) == [parameter]
    assert body["error_codes"][parameter] == [code]
    assert isinstance(body[parameter][0], str)


def test_category_includes_subcategories(client, db):
    tree = testing.make_category_tree()
    football = testing.make_hobby(categories=[tree["Football"]])
    martial = testing.make_hobby(categories=[tree["Martial arts"]])
    testing.make_hobby(categories=[tree["Music"]])

    sports = client.get(f"/api/v1/hobbies/?category={tree['Sports'].pk}")
    ball = client.get(f"/api/v1/hobbies/?category={tree['Ball games'].pk}")
    either = client.get(f"/api/v1/hobbies/?category={tree['Ball games'].pk}&category={tree['Martial arts'].pk}")

    assert ids(sports) == [football.pk, martial.pk]
    assert ids(ball) == [football.pk]
    assert ids(either) == [football.pk, martial.pk]


def test_price_type_filter(client, db):
    free = testing.make_hobby()
    paid = testing.make_hobby(price_type="paid", price_amount=Decimal("20"))

    assert ids(client.get("/api/v1/hobbies/?price_type=free")) == [free.pk]
    assert ids(client.get("/api/v1/hobbies/?price_type=paid")) == [paid.pk]


def test_age_filter_overlap_policy(client, db):
    """A hobby matches an age inside its range; a missing bound is open; no age data is
    included and flagged."""
    ten_to_thirteen = testing.make_hobby(min_age=10, max_age=13)
    fourteen_up = testing.make_hobby(min_age=14, max_age=None)
    up_to_eleven = testing.make_hobby(min_age=None, max_age=11)
    unknown = testing.make_hobby(min_age=None, max_age=None)

    at_twelve = client.get("/api/v1/hobbies/?age=12").json()["results"]
    at_fourteen = client.get("/api/v1/hobbies/?age=14").json()["results"]

    assert [row["id"] for row in at_twelve] == [ten_to_thirteen.pk, unknown.pk]
    assert [row["id"] for row in at_fourteen] == [fourteen_up.pk, unknown.pk]
    assert [row["age_unspecified"] for row in at_twelve] == [False, True]
    assert up_to_eleven.pk in ids(client.get("/api/v1/hobbies/?age=11"))


def test_language_municipality_and_organizer_filters(client, db):
    espoo = testing.make_municipality()
    provider = testing.make_provider()
    swedish = testing.make_hobby(languages=["sv"], municipality=espoo)
    finnish = testing.make_hobby(languages=["fi"], provider=provider)

    assert ids(client.get("/api/v1/hobbies/?language=sv")) == [swedish.pk]
    assert ids(client.get("/api/v1/hobbies/?language=sv&language=fi")) == [swedish.pk, finnish.pk]
    assert ids(client.get(f"/api/v1/hobbies/?municipality={espoo.pk}")) == [swedish.pk]
    assert ids(client.get(f"/api/v1/hobbies/?organizer={provider.pk}")) == [finnish.pk]


def test_updated_since_filter(client, db):
    old = testing.make_hobby()
    recent = testing.make_hobby()
    Hobby.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=10))
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()

    response = client.get("/api/v1/hobbies/", {"updated_since": since})

    assert ids(response) == [recent.pk]


def test_editable_only(world):
    other_hobby = testing.make_hobby(provider=world.other_provider)

    own = client_for(world.users["own"]).get("/api/v1/hobbies/?editable_only=true")
    other = client_for(world.users["other"]).get("/api/v1/hobbies/?editable_only=1")
    anonymous = client_for(None).get("/api/v1/hobbies/?editable_only=true")

    assert ids(own) == [world.hobby.pk]
    assert ids(other) == [other_hobby.pk]
    assert ids(anonymous) == []


def test_drafts_visible_only_to_editors(world):
    draft = testing.make_hobby(provider=world.provider, status=Hobby.Status.DRAFT)

    assert draft.pk not in ids(client_for(None).get("/api/v1/hobbies/"))
    assert draft.pk in ids(client_for(world.users["own"]).get("/api/v1/hobbies/"))
    assert client_for(world.users["other"]).get(f"/api/v1/hobbies/{draft.pk}/").status_code == 404


def test_nearest_orders_by_distance_and_returns_metres(client, db):
    near = testing.make_hobby(location=testing.make_location(latitude=60.17, longitude=24.95))
    far = testing.make_hobby(location=testing.make_location(latitude=61.5, longitude=23.8))
    nowhere = testing.make_hobby(location=None)

    body = client.get("/api/v1/hobbies/?ordering=nearest&near_latitude=60.17&near_longitude=24.94").json()
    within = client.get("/api/v1/hobbies/?ordering=nearest&near_latitude=60.17&near_longitude=24.94&max_distance=5").json()

    assert [row["id"] for row in body["results"]] == [near.pk, far.pk, nowhere.pk]
    assert body["results"][0]["distance"] == round(haversine_m(60.17, 24.94, 60.17, 24.95))
    assert "distance" not in body["results"][2]
    assert [row["id"] for row in within["results"]] == [near.pk]
    assert within["count"] == 1


def test_nearest_twice_in_query_works(client, world):
    response = client.get("/api/v1/hobbies/?ordering=nearest&ordering=nearest&near_latitude=60.1&near_longitude=24.9")

    assert response.status_code == 200


def test_search_orders_name_matches_first(client, db):
    in_description = testing.make_hobby(name_fi="Liikuntakerho", description_fi="Pelataan sählyä.")
    in_name = testing.make_hobby(name_fi="Sählykerho", description_fi="Tule mukaan.")
    index_hobbies([in_description.pk, in_name.pk])

    assert ids(client.get("/api/v1/hobbies/?search=sähly")) == [in_name.pk, in_description.pk]


def test_list_query_count_does_not_grow_with_rows(client, db):
    tree = testing.make_category_tree()

    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/hobbies/?include=location_detail&include=organizer_detail")
        assert response.status_code == 200
        return len(captured)

    testing.make_hobby(provider=testing.make_provider(), location=testing.make_location(), categories=[tree["Music"]], languages=["fi"])
    few = count_queries()
    for _ in range(10):
        testing.make_hobby(provider=testing.make_provider(), location=testing.make_location(), categories=[tree["Football"]], languages=["sv"])
    many = count_queries()

    assert few == many
    assert many <= 7


def test_detail_and_missing_detail(client, world):
    assert client.get(f"/api/v1/hobbies/{world.hobby.pk}/").json()["id"] == world.hobby.pk
    response = client.get("/api/v1/hobbies/999999/")
    assert response.status_code == 404
    assert response.json()["error_codes"] == {"detail": ["not_found"]}
