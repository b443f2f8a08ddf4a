"""Conventions of v1: categories, trailing slashes, the API roots, CORS, conditional GET and docs."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from core import testing
from hobbies.models import Hobby, HobbyEvent
from places.models import Location
from promotions.models import Promotion
from providers.models import Provider


def test_categories_tree_with_children_and_lang(client, db):
    tree = testing.make_category_tree()

    roots = client.get("/api/v1/hobbycategories/?include=child_categories&parent=null&lang=sv").json()

    assert [root["name"] for root in roots] == ["Konst", "Idrott och motion"]
    sports = roots[1]
    assert sports["level"] == 0
    assert sports["parent"] is None
    assert {"name_fi", "name_en", "name_sv", "tree_id"} <= set(sports)
    ball_games = next(child for child in sports["child_categories"] if child["id"] == tree["Ball games"].pk)
    # lang applies at every depth, not only to the roots.
    assert ball_games["name"] == "Bollspel"
    assert ball_games["child_categories"][0]["name"] == "Fotboll"
    assert ball_games["child_categories"][0]["child_categories"] == []


def test_categories_flat_list_is_depth_first(client, db):
    testing.make_category_tree()

    names = [category["name"] for category in client.get("/api/v1/hobbycategories/").json()]

    assert names == ["Taiteet", "Musiikki", "Urheilu ja liikunta", "Kamppailulajit", "Pallopelit", "Jalkapallo"]


def test_categories_parent_filter(client, db):
    tree = testing.make_category_tree()

    children = client.get(f"/api/v1/hobbycategories/?parent={tree['Sports'].pk}").json()
    unknown = client.get("/api/v1/hobbycategories/?parent=999999")

    assert [child["id"] for child in children] == [tree["Martial arts"].pk, tree["Ball games"].pk]
    assert unknown.status_code == 400
    assert unknown.json()["error_codes"] == {"parent": ["unknown_category"]}


def test_category_detail_honours_lang(client, db):
    tree = testing.make_category_tree()

    assert client.get(f"/api/v1/hobbycategories/{tree['Music'].pk}/?lang=en").json()["name"] == "Music"
    assert client.get(f"/api/v1/hobbycategories/{tree['Music'].pk}/").json()["name"] == "Musiikki"


@pytest.mark.parametrize("prefix", ["/api/v1/", "/mobile-api/v1/"])
def test_missing_trailing_slash_redirects_with_query(client, world, prefix):
    listing = client.get(f"{prefix}hobbyevents?hobby={world.hobby.pk}&include=hobby_detail")
    detail = client.get(f"{prefix}hobbyevents/{world.session.pk}?include=hobby_detail")

    assert listing.status_code == 301
    assert listing["Location"] == f"{prefix}hobbyevents/?hobby={world.hobby.pk}&include=hobby_detail"
    assert detail.status_code == 301
    assert detail["Location"] == f"{prefix}hobbyevents/{world.session.pk}/?include=hobby_detail"


@pytest.mark.parametrize("prefix", ["/api/v1/", "/mobile-api/v1/", "/api/"])
def test_api_root_links_to_its_own_prefix(client, db, prefix):
    links = client.get(prefix).json()

    assert set(links) == {"hobbies", "hobbyevents", "hobbycategories", "organizers", "locations", "promotions", "benefits"}
    assert all(url.startswith(f"http://testserver{prefix}") for url in links.values())


def test_cors_allows_any_origin_to_read(client, world):
    response = client.get("/api/v1/hobbies/", HTTP_ORIGIN="https://example.org")
    preflight = client.options(
        "/api/v1/hobbies/", HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Origin" in response["Vary"]
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "authorization" in preflight["Access-Control-Allow-Headers"]


WEB_UI = "https://palveluntarjoajat.example.fi"


def test_cors_never_lets_unlisted_origin_use_cookies(client, world, settings):
    settings.CORS_WRITE_ORIGINS = [WEB_UI]

    response = client.post("/api/v1/hobbies/", {"name": "Kerho"}, format="json", HTTP_ORIGIN="https://example.org")

    assert response.status_code == 401
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_cors_denies_writes_to_unlisted_origin(client, world, settings, method):
    settings.CORS_WRITE_ORIGINS = [WEB_UI]

    preflight = client.options(
        "/api/v1/hobbies/", HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD=method
    )

    assert preflight.status_code == 200
    assert "Access-Control-Allow-Origin" not in preflight
    assert "Access-Control-Allow-Methods" not in preflight


@pytest.mark.parametrize("url", ["/api/v1/hobbies/", "/mobile-api/v1/promotions/", "/auth/token/", "/auth/token/refresh/"])
def test_cors_lets_listed_origin_write_with_credentials(client, world, settings, url):
    settings.CORS_WRITE_ORIGINS = [WEB_UI]

    preflight = client.options(
        url, HTTP_ORIGIN=WEB_UI, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )

    assert preflight["Access-Control-Allow-Origin"] == WEB_UI
    assert preflight["Access-Control-Allow-Credentials"] == "true"
    assert set(preflight["Access-Control-Allow-Methods"].split(", ")) >= {"POST", "PUT", "PATCH", "DELETE"}
    assert {"authorization", "content-type"} <= set(preflight["Access-Control-Allow-Headers"].split(", "))


def test_cors_session_token_for_listed_origin(world, settings):
    from rest_framework.test import APIClient

    settings.CORS_WRITE_ORIGINS = [WEB_UI]
    browser = APIClient()
    browser.force_login(world.users["own"])

    listed = browser.get("/auth/token/", HTTP_ORIGIN=WEB_UI)
    unlisted = browser.get("/auth/token/", HTTP_ORIGIN="https://example.org")

    assert listed.status_code == 200
    assert listed["Access-Control-Allow-Origin"] == WEB_UI
    assert listed["Access-Control-Allow-Credentials"] == "true"
    assert "Access-Control-Allow-Origin" not in unlisted


def test_cors_listed_origin_reads_with_credentials(client, world, settings):
    settings.CORS_WRITE_ORIGINS = [WEB_UI]

    response = client.get("/api/v1/hobbies/", HTTP_ORIGIN=WEB_UI)

    assert response["Access-Control-Allow-Origin"] == WEB_UI
    assert response["Access-Control-Allow-Credentials"] == "true"


def test_cors_read_origins_can_be_limited(client, world, settings):
    settings.CORS_READ_ORIGINS = ["https://kunta.example.fi"]

    listed = client.get("/api/v1/hobbies/", HTTP_ORIGIN="https://kunta.example.fi")
    unlisted = client.get("/api/v1/hobbies/", HTTP_ORIGIN="https://example.org")

    assert listed["Access-Control-Allow-Origin"] == "https://kunta.example.fi"
    assert "Access-Control-Allow-Origin" not in unlisted


def test_cors_not_on_pages(client, world):
    response = client.get("/", HTTP_ORIGIN="https://example.org")

    assert "Access-Control-Allow-Origin" not in response


def test_etag_gives_304_until_something_changes(client, world):
    url = f"/api/v1/hobbies/{world.hobby.pk}/"
    first = client.get(url)

    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    world.hobby.name_fi = "Uusi nimi"
    world.hobby.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["ETag"]
    assert again.status_code == 304
    assert changed.status_code == 200


def test_list_etag_notices_deletion(client, world):
    extra = testing.make_hobby()
    first = client.get("/api/v1/hobbies/")
    extra.delete()

    after = client.get("/api/v1/hobbies/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert after.status_code == 200
    assert after.json()["count"] == 1


def test_last_modified_on_details_and_lists(client, world):
    detail = client.get(f"/api/v1/hobbies/{world.hobby.pk}/")
    listing = client.get("/api/v1/hobbyevents/")

    assert detail["Last-Modified"]
    assert listing["Last-Modified"]
    assert client.get(f"/api/v1/hobbies/{world.hobby.pk}/", HTTP_IF_MODIFIED_SINCE=detail["Last-Modified"]).status_code == 304
    # A list is sent in full because a deleted row leaves no newer timestamp behind.
    assert client.get("/api/v1/hobbyevents/", HTTP_IF_MODIFIED_SINCE=listing["Last-Modified"]).status_code == 200


def age_everything():
    """Move every stored change a day back, so that a new change falls in a later second."""
    day_ago = timezone.now() - dt.timedelta(days=1)
    for model in (Hobby, HobbyEvent, Location, Provider, Promotion):
        model.objects.update(updated_at=day_ago)


@pytest.mark.parametrize(
    ("url", "change", "read"),
    [
        ("/api/v1/hobbyevents/{session}/?include=hobby_detail", "hobby", lambda body: body["hobby"]["name"]),
        ("/api/v1/hobbyevents/{session}/?include=hobby_detail", "location", lambda body: body["hobby"]["location"]["name"]),
        ("/api/v1/hobbyevents/{session}/?include=hobby_detail", "provider", lambda body: body["hobby"]["organizer"]["name"]),
        ("/api/v1/promotions/{promotion}/?include=location_detail", "location", lambda body: body["location"]["name"]),
        ("/api/v1/promotions/{promotion}/?include=organizer_detail", "provider", lambda body: body["organizer"]["name"]),
    ],
)
def test_nested_change_defeats_if_modified_since(client, world, url, change, read):
    url = url.format(session=world.session.pk, promotion=world.promotion.pk)
    age_everything()
    first = client.get(url)
    changed = getattr(world, change)
    changed.name_fi = "Uusi nimi"
    changed.save()

    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 200
    assert read(again.json()) == "Uusi nimi"


@pytest.mark.parametrize("prefix", ["/api/v1/", "/mobile-api/v1/", "/api/"])
def test_api_root_has_etag_and_varies_on_credentials(client, db, prefix):
    first = client.get(prefix)
    again = client.get(prefix, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["ETag"]
    assert again.status_code == 304
    for header in ("Accept-Language", "Authorization", "Cookie"):
        assert header in first["Vary"]


def test_api_root_rejects_bad_bearer_token(client, db):
    response = client.get("/api/v1/", HTTP_AUTHORIZATION="Bearer not.a.jwt")

    assert response.status_code == 401
    assert response.json()["error_codes"] == {"detail": ["token_not_valid"]}


def test_responses_vary_on_language_and_credentials(client, world):
    vary = client.get("/api/v1/hobbies/")["Vary"]

    for header in ("Accept-Language", "Authorization", "Cookie"):
        assert header in vary


def test_schema_documents_every_parameter(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()

    events = {parameter["name"] for parameter in schema["paths"]["/api/v1/hobbyevents/"]["get"]["parameters"]}
    hobbies = {parameter["name"] for parameter in schema["paths"]["/api/v1/hobbies/"]["get"]["parameters"]}
    assert {
        "include", "hobby", "category", "start_weekday", "start_date_from", "start_date_to", "start_time_from",
        "start_time_to", "exclude_past_events", "price_type", "search", "ordering", "near_latitude",
        "near_longitude", "max_distance", "page", "page_size", "age", "language", "municipality", "organizer",
        "updated_since", "editable_only", "lang",
    } <= events
    assert {"category", "price_type", "editable_only", "ordering", "max_distance", "age", "updated_since"} <= hobbies
    assert all(path.startswith(("/api/v1/", "/auth/")) for path in schema["paths"])
    described = [p for p in schema["paths"]["/api/v1/hobbyevents/"]["get"]["parameters"] if p.get("examples")]
    assert len(described) == len(schema["paths"]["/api/v1/hobbyevents/"]["get"]["parameters"])


@pytest.mark.parametrize("page", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_pages_load_assets_locally(client, db, page, settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path)
    call_command("collectstatic", "--noinput", verbosity=0)

    html = client.get(page).content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)

    assert assets
    assert not [url for url in assets if url.startswith(("http:", "https:", "//"))]
    for url in assets:
        if url.startswith("/static/"):
            assert (tmp_path / url.removeprefix("/static/")).is_file(), url


def test_schema_documents_redemption_responses(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()

    lookup = schema["paths"]["/api/v1/redemptions/{code}/"]["get"]["responses"]["200"]
    honour = schema["paths"]["/api/v1/redemptions/{code}/honour/"]["post"]["responses"]["200"]
    assert lookup["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Redemption"}
    assert honour["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Redemption"}
