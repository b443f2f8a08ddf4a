"""Location pages and the geocoders: offline postal codes and an HTTP service on 127.0.0.1."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from audit.models import AuditLogEntry
from places.geocoding import HttpGeocoder, PostalCodeGeocoder, geocoder
from places.models import Location, PostalCode

from .conftest import client_for

NOMINATIM = [
    {
        "lat": "60.17556",
        "lon": "24.80490",
        "display_name": "Tapiolan uimahalli, Kirkkopuistontie 3, 02100 Espoo",
        "address": {"road": "Kirkkopuistontie", "house_number": "3", "postcode": "02100", "city": "Espoo"},
    }
]
DIGITRANSIT = {
    "type": "FeatureCollection",
    "features": [
        {
            "geometry": {"type": "Point", "coordinates": [24.8049, 60.17556]},
            "properties": {
                "label": "Kirkkopuistontie 3, Espoo",
                "street": "Kirkkopuistontie",
                "housenumber": "3",
                "postalcode": "02100",
                "locality": "Espoo",
            },
        }
    ],
}


class GeocoderStub:
    """A geocoding service on 127.0.0.1 that returns one JSON body for every request."""

    def __init__(self, body, status=200):
        self.requests = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the name http.server calls)
                stub.requests.append(self.path)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/search?format=json"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def postal_area(db, municipality):
    return PostalCode.objects.create(
        code="02100", name_fi="Tapiola", name_sv="Hagalund", municipality=municipality, latitude=60.175, longitude=24.805
    )


def test_offline_geocoder_reads_postal_code(postal_area):
    places = PostalCodeGeocoder().search("Kirkkopuistontie 3, 02100", language="sv")

    assert len(places) == 1
    assert places[0].postal_code == "02100"
    assert places[0].city == "Hagalund"
    assert places[0].street_address == "Kirkkopuistontie 3"
    assert (places[0].latitude, places[0].longitude) == (60.175, 24.805)
    assert places[0].precision == "postal_code"


def test_offline_geocoder_finds_an_area_by_name(postal_area):
    assert [place.postal_code for place in PostalCodeGeocoder().search("tapiola")] == ["02100"]


@pytest.mark.parametrize("body", [NOMINATIM, DIGITRANSIT], ids=["nominatim", "digitransit"])
def test_http_geocoder_reads_both_response_styles(db, body):
    with GeocoderStub(body) as service:
        places = HttpGeocoder(service.url).search("Kirkkopuistontie 3 Espoo", language="fi")

    assert len(places) == 1
    assert places[0].street_address == "Kirkkopuistontie 3"
    assert places[0].postal_code == "02100"
    assert places[0].city == "Espoo"
    assert round(places[0].latitude, 4) == 60.1756
    assert "q=Kirkkopuistontie+3+Espoo" in service.requests[0]
    assert "format=json" in service.requests[0]


def test_http_geocoder_error_uses_fallback(postal_area):
    with GeocoderStub({"error": "down"}, status=503) as service:
        places = HttpGeocoder(service.url, fallback=PostalCodeGeocoder()).search("Jokutie 1, 02100")

    assert [place.precision for place in places] == ["postal_code"]


def test_settings_choose_the_geocoder(settings, db):
    settings.GEOCODER_URL = ""
    assert isinstance(geocoder(), PostalCodeGeocoder)

    settings.GEOCODER_URL = "http://127.0.0.1:9/search"
    assert isinstance(geocoder(), HttpGeocoder)


def test_geocode_endpoint_returns_json(world, postal_area):
    response = client_for(world.users["editor"]).get("/portal/locations/geocode/?q=02100")

    assert response.status_code == 200
    assert response.json()["results"][0]["postal_code"] == "02100"


def test_search_without_javascript_shows_results_and_saves_nothing(world, postal_area):
    client = client_for(world.users["editor"])
    before = Location.objects.count()

    response = client.post(
        "/portal/locations/new/", {"address_query": "02100", "action": "geocode", "name_fi": "Uusi paikka"}
    )

    assert response.status_code == 200
    assert response.context["results"][0].postal_code == "02100"
    assert 'value="Uusi paikka"' in response.content.decode()
    assert Location.objects.count() == before


def test_location_saved_with_the_picked_point(world, postal_area):
    client = client_for(world.users["editor"])

    response = client.post(
        "/portal/locations/new/",
        {
            "name_fi": "Tapiolan uimahalli",
            "street_address_fi": "Kirkkopuistontie 3",
            "postal_code": "02100",
            "city_fi": "Espoo",
            "latitude": "60.17556",
            "longitude": "24.8049",
            "provider": world.provider.pk,
            "action": "save",
        },
    )

    location = Location.objects.get(name_fi="Tapiolan uimahalli")
    assert response.status_code == 302
    assert (location.latitude, location.longitude) == (60.17556, 24.8049)
    assert location.municipality == postal_area.municipality
    assert AuditLogEntry.objects.filter(action="location.created", object_id=str(location.pk)).exists()


def test_location_with_half_a_point_is_rejected(world):
    response = client_for(world.users["editor"]).post(
        "/en/portal/locations/new/", {"name_fi": "Paikka", "latitude": "60.1", "longitude": "", "action": "save"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["longitude"] == ["Give both latitude and longitude, or neither."]


def location_data(world, **overrides):
    data = {
        "name_fi": "Otaniemen sali",
        "street_address_fi": "Otakaari 1",
        "postal_code": "02150",
        "city_fi": "Espoo",
        "latitude": "60.18",
        "longitude": "24.83",
        "provider": world.provider.pk,
        "action": "save",
    }
    data.update(overrides)
    return data


def test_location_without_a_name_is_rejected(world):
    response = client_for(world.users["editor"]).post("/en/portal/locations/new/", location_data(world, name_fi=""))

    assert response.status_code == 200
    assert response.context["form"].errors["name_fi"] == ["Give the location's name in at least one language."]
    assert not Location.objects.filter(street_address_fi="Otakaari 1").exists()


def test_location_outside_finland_is_rejected(world):
    data = location_data(world, latitude="48.85", longitude="2.35")

    response = client_for(world.users["editor"]).post("/en/portal/locations/new/", data)

    assert response.status_code == 200
    assert response.context["form"].errors["latitude"] == [
        "The point 48.85, 2.35 is outside Finland. Check the coordinates: in Finland the latitude is about "
        "60 to 70 and the longitude about 20 to 31."
    ]
    assert not Location.objects.filter(name_fi="Otaniemen sali").exists()


def test_editor_must_choose_a_provider(world):
    response = client_for(world.users["editor"]).post("/en/portal/locations/new/", location_data(world, provider=""))

    assert response.status_code == 200
    assert response.context["form"].errors["provider"] == [
        "Choose the provider that the location belongs to, so that its other members can edit it."
    ]


def test_moderator_may_leave_the_provider_empty(world):
    response = client_for(world.users["moderator"]).post("/en/portal/locations/new/", location_data(world, provider=""))

    assert response.status_code == 302
    assert Location.objects.get(name_fi="Otaniemen sali").provider is None


def test_offline_search_names_its_scope(world, settings):
    settings.GEOCODER_URL = ""

    page = client_for(world.users["editor"]).get("/en/portal/locations/new/").content.decode()

    assert "The search finds only postal codes and place names, not street addresses." in page


def test_new_location_suggests_the_only_provider(world):
    response = client_for(world.users["editor"]).get("/en/portal/locations/new/")

    assert response.context["form"].initial["provider"] == world.provider.pk
