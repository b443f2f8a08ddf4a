"""Installable app: service worker, manifest, icons, offline pages and the place list."""

import json

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from core import testing

pytestmark = pytest.mark.django_db


def test_service_worker_is_served_from_root(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    text = response.content.decode()
    assert '"/static/youth/app.css"' in text
    assert '"fi": "/offline/"' in text
    assert '"sv": "/sv/offline/"' in text
    assert '"en": "/en/offline/"' in text


def test_service_worker_precaches_favourites_pages(client):
    text = client.get("/sw.js").content.decode()
    precached = json.loads(text.split("const PRECACHED_PAGES = ")[1].split(";\n")[0])
    install = text.split('addEventListener("install"')[1].split("});")[0]

    assert precached == ["/favourites/", "/sv/favourites/", "/en/favourites/"]
    assert "PRECACHED_PAGES" in install


def test_service_worker_shell_files_exist(client):
    text = client.get("/sw.js").content.decode()
    shell = json.loads(text.split("const SHELL = ")[1].split(";\n")[0])
    for url in shell:
        assert finders.find(url.removeprefix("/static/")), url


def test_service_worker_version_is_a_content_hash(client):
    text = client.get("/sw.js").content.decode()
    version = text.split('const VERSION = "')[1].split('"')[0]
    assert len(version) == 16
    assert version == client.get("/sw.js").content.decode().split('const VERSION = "')[1].split('"')[0]


@pytest.mark.parametrize("language, start", [("fi", "/"), ("sv", "/sv/"), ("en", "/en/")])
def test_manifest_per_language(client, language, start):
    response = client.get("/manifest.webmanifest", {"lang": language})
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["lang"] == language
    assert manifest["start_url"] == start
    assert manifest["display"] == "standalone"
    assert manifest["description"]


def test_manifest_id_same_in_every_language(client):
    ids = {json.loads(client.get("/manifest.webmanifest", {"lang": code}).content)["id"] for code in ("fi", "sv", "en")}
    assert ids == {"/"}


def test_manifest_icons_are_pngs_of_their_size(client):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    purposes = {icon["purpose"] for icon in manifest["icons"]}
    assert purposes == {"any", "maskable"}
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_pages_link_manifest_and_icons(client):
    content = client.get("/sv/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest?lang=sv">' in content
    assert "apple-touch-icon-180.png" in content


@pytest.mark.parametrize("path, text", [("/offline/", "Olet offline-tilassa"), ("/sv/offline/", "Du är offline"), ("/en/offline/", "You are offline")])
def test_offline_page_in_each_language(client, path, text):
    response = client.get(path)
    assert response.status_code == 200
    assert text in response.content.decode()


def test_place_list_has_municipalities_and_postal_codes(client):
    helsinki = testing.make_municipality(code="091", name_fi="Helsinki", name_sv="Helsingfors", centre_latitude=60.1699, centre_longitude=24.9384)
    from places.models import PostalCode

    PostalCode.objects.create(code="00530", name_fi="Helsinki", name_sv="Helsingfors", municipality=helsinki, latitude=60.1841, longitude=24.9501)
    testing.make_municipality(code="999", name_fi="Ei pistettä", centre_latitude=None, centre_longitude=None)
    response = client.get("/places.json")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["municipalities"] == [["091", "Helsinki", "Helsingfors", "", 60.1699, 24.9384]]
    assert data["postal_codes"] == [["00530", "Helsinki", "Helsingfors", "091", 60.1841, 24.9501]]


def test_place_list_answers_304_to_its_etag(client):
    testing.make_municipality(code="091")
    response = client.get("/places.json")
    assert "max-age=86400" in response["Cache-Control"]
    assert client.get("/places.json", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    testing.make_municipality(code="092")
    assert client.get("/places.json", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200
