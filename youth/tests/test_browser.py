"""The youth app in Debian's Chromium at phone size, through Playwright, against a live server.

Every request that does not go to the live server is blocked, and each test asserts that
none was attempted except map tiles. Screenshots of the pages go to test-artifacts/youth/.
Without Chromium the tests skip, and under CI=true they fail.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from conftest import running_in_ci
from core import testing
from hobbies.models import Hobby
from hobbies.search import index_hobbies
from places.models import PostalCode
from youth.tests.conftest import HELSINKI_CENTRE, TAPIOLA, session_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "youth"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
# Browser zoom at 200 % on a 320 px wide screen lays pages out in 160 CSS pixels at twice
# the pixel density, which is what this viewport reproduces.
ZOOMED_320 = {"width": 160, "height": 422}
BLOCKING_IMPACTS = {"serious", "critical"}
TIMEOUT_MS = 15_000


def tile_pattern():
    """Return a regex for URLs of the configured tile server (MAP_TILE_URL)."""
    pattern = re.escape(settings.MAP_TILE_URL)
    for placeholder in ("s", "z", "x", "y", "r"):
        pattern = pattern.replace(re.escape("{" + placeholder + "}"), "[^/]*")
    return re.compile(pattern)


@dataclass
class Phone:
    context: object
    page: object
    base_url: str
    blocked: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def open(self, path):
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("load")
        return self.page

    def screenshot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def browser():
    """Start Chromium once for the module.

    Playwright's sync API runs an event loop in this thread, so Django would refuse the
    tests' own (synchronous) ORM calls and the database flush after each test as if they
    came from async code; DJANGO_ALLOW_ASYNC_UNSAFE lifts that for the module.
    """
    if not CHROMIUM.exists():
        message = f"Chromium is missing at {CHROMIUM} (apt-get install -y chromium)"
        if running_in_ci():
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            yield chromium
            chromium.close()


def new_phone(browser, live_server, **options):
    options = {"viewport": PHONE, "locale": "fi-FI", "service_workers": "allow", **options}
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    phone = Phone(context=context, page=None, base_url=live_server.url)

    def route(request_route):
        url = request_route.request.url
        if url.startswith(live_server.url):
            request_route.continue_()
        else:
            phone.blocked.append(url)
            request_route.abort()

    context.route("**/*", route)
    phone.page = context.new_page()
    phone.page.on("pageerror", lambda error: phone.errors.append(str(error)))
    return phone


@pytest.fixture
def phone(browser, live_server):
    phone = new_phone(browser, live_server)
    yield phone
    phone.context.close()


def assert_only_tiles_requested(phone):
    tiles = tile_pattern()
    assert [url for url in phone.blocked if not tiles.match(url)] == []
    assert phone.errors == []


@pytest.fixture
def catalogue(db):
    helsinki = testing.make_municipality(code="091", name_fi="Helsinki", name_sv="Helsingfors", centre_latitude=60.1699, centre_longitude=24.9384)
    espoo = testing.make_municipality(code="049", name_fi="Espoo", name_sv="Esbo", centre_latitude=60.2055, centre_longitude=24.6559)
    PostalCode.objects.create(code="00100", name_fi="Helsinki", name_sv="Helsingfors", municipality=helsinki, latitude=HELSINKI_CENTRE[0], longitude=HELSINKI_CENTRE[1])
    PostalCode.objects.create(code="02100", name_fi="Espoo", name_sv="Esbo", municipality=espoo, latitude=TAPIOLA[0], longitude=TAPIOLA[1])
    tree = testing.make_category_tree()
    provider = testing.make_provider(name_fi="Pallokerho ry", municipality=helsinki)
    centre = testing.make_location(name_fi="Keskustan halli", latitude=HELSINKI_CENTRE[0], longitude=HELSINKI_CENTRE[1], municipality=helsinki)
    tapiola = testing.make_location(name_fi="Tapiolan halli", city_fi="Espoo", latitude=TAPIOLA[0], longitude=TAPIOLA[1], municipality=espoo)
    football = testing.make_hobby(
        name_fi="Jalkapallokerho Pallo", name_sv="Fotbollsklubben Bollen", name_en="Football club Ball",
        short_description_fi="Jalkapalloa tiistaisin.", provider=provider, location=centre, municipality=helsinki,
        categories=[tree["Football"]], languages=["fi", "sv"],
    )
    karate = testing.make_hobby(
        name_fi="Karatekoulu", description_fi="Kamppailua nuorille.", location=tapiola, municipality=espoo,
        categories=[tree["Martial arts"]],
    )
    band = testing.make_hobby(
        name_fi="Bändikoulu", description_fi="Soittoa nuorille.", location=tapiola, municipality=espoo,
        categories=[tree["Music"]],
    )
    session_at(football, 2, 17, 30)
    session_at(karate, 4, 18, 0)
    session_at(band, 2, 15, 0)
    testing.make_promotion(provider, centre, name_fi="Ilmainen kokeilukerta", hobby=football)
    index_hobbies(Hobby.objects.values_list("pk", flat=True))
    return {"football": football, "karate": karate, "band": band, "tree": tree}


def wait_for_announcement(page, text):
    """Wait until the live region ends with `text` (app.js fills it after a short delay, so
    that screen readers notice the change)."""
    page.wait_for_function("text => document.getElementById('announcer').textContent.endsWith(text)", arg=text)


def serious_violations(page):
    """Run axe-core (bundled with axe-playwright-python, injected from the local file)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


PAGES = [
    ("home", "/"),
    ("hobby-list", "/hobbies/?day=2&free=1"),
    ("hobby-map", "/hobbies/map/"),
    ("hobby-detail", None),
    ("favourites", "/favourites/"),
    ("place", "/place/"),
    ("promotions", "/promotions/"),
    ("accessibility", "/accessibility/"),
    ("privacy", "/privacy/"),
    ("offline", "/offline/"),
    ("hobby-list-sv", "/sv/hobbies/"),
    ("hobby-detail-en", None),
]


def open_filters(page, name):
    """Open the filter panel and every category group, so that checks see all of them."""
    if name == "hobby-list":
        page.evaluate("document.querySelectorAll('form[data-filter-form] details').forEach(d => { d.open = true; })")


def page_path(name, path, catalogue):
    if path is not None:
        return path
    prefix = "/en" if name.endswith("-en") else ""
    return f"{prefix}/hobbies/{catalogue['football'].pk}/"


@pytest.mark.parametrize("name, path", PAGES, ids=[name for name, _path in PAGES])
def test_page_passes_axe_and_reflows(browser, live_server, catalogue, name, path):
    path = page_path(name, path, catalogue)
    phone = new_phone(browser, live_server)
    try:
        page = phone.open(path)
        open_filters(page, name)
        phone.screenshot(name)
        assert serious_violations(page) == []
        assert_only_tiles_requested(phone)
    finally:
        phone.context.close()

    zoomed = new_phone(browser, live_server, viewport=ZOOMED_320, device_scale_factor=2)
    try:
        page = zoomed.open(path)
        open_filters(page, name)
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            zoomed.screenshot(f"{name}-zoomed-overflow")
        assert overflow <= 0
    finally:
        zoomed.context.close()


def test_search_filter_and_open_detail(phone, catalogue):
    page = phone.open("/")
    page.get_by_label("Hae harrastuksia").fill("nuorille")
    page.get_by_role("button", name="Hae", exact=True).click()
    page.wait_for_url(re.compile(r"/hobbies/\?q=nuorille"))
    assert page.locator("[data-result-count]").inner_text() == "2 harrastusta löytyi"

    page.locator("details.filter-panel > summary").click()
    page.get_by_label("tiistai").check()
    page.get_by_role("button", name="Näytä tulokset").click()
    page.wait_for_url(re.compile(r"day=2"))
    page.wait_for_function("document.querySelector('[data-result-count]').textContent.includes('1 harrastus')")
    wait_for_announcement(page, "1 harrastus löytyi")
    chip = page.get_by_role("link", name="Poista suodatin: tiistai")
    assert chip.is_visible()
    phone.screenshot("hobby-list-filtered")

    chip.click()
    page.wait_for_function("!location.search.includes('day=2')")
    page.wait_for_function("document.querySelector('[data-result-count]').textContent.includes('2 harrastusta')")
    assert not page.get_by_label("tiistai").is_checked()
    assert page.evaluate("document.activeElement.matches('[data-result-count]')")

    page.get_by_role("link", name="Bändikoulu").click()
    page.wait_for_url(re.compile(rf"/hobbies/{catalogue['band'].pk}/$"))
    assert page.locator("h1").inner_text() == "Bändikoulu"
    assert_only_tiles_requested(phone)


def test_favourite_and_unfavourite(phone, catalogue):
    page = phone.open(f"/hobbies/{catalogue['football'].pk}/")
    button = page.locator(".actions [data-favourite]")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    wait_for_announcement(page, "Lisätty suosikkeihin.")

    page = phone.open("/favourites/")
    card = page.locator("[data-favourite-card]")
    card.first.wait_for()
    assert card.count() == 1
    assert "Jalkapallokerho Pallo" in card.inner_text()
    phone.screenshot("favourites-one")

    page.reload()
    page.locator("[data-favourite-card]").first.wait_for()
    page.locator("[data-favourite-card] [data-favourite]").click()
    wait_for_announcement(page, "Poistettu suosikeista.")
    page.reload()
    page.get_by_text("Sinulla ei ole vielä suosikkeja").wait_for()
    assert_only_tiles_requested(phone)


def test_switch_language_sets_cookie(phone, catalogue):
    page = phone.open(f"/hobbies/{catalogue['football'].pk}/")
    page.get_by_role("link", name="Svenska").click()
    page.wait_for_url(re.compile(rf"/sv/hobbies/{catalogue['football'].pk}/$"))
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text() == "Fotbollsklubben Bollen"
    cookies = {cookie["name"]: cookie["value"] for cookie in phone.context.cookies()}
    assert cookies[settings.LANGUAGE_COOKIE_NAME] == "sv"

    page = phone.open("/")
    assert page.url == phone.base_url + "/sv/"
    assert_only_tiles_requested(phone)


def test_choose_place_from_offline_list(phone, catalogue):
    page = phone.open("/place/")
    page.get_by_label("Nimi tai numero").fill("021")
    option = page.get_by_role("button", name=re.compile("02100 Espoo"))
    option.wait_for()
    assert page.locator("[data-place-search-status]").inner_text() == "1 paikka löytyi."
    assert option.inner_text() == "02100 Espoo (Espoo)"
    phone.screenshot("place-search")
    option.click()
    page.wait_for_url(re.compile(r"/hobbies/\?lat=60\.175&lon=24\.805&place=02100"))
    names = page.locator(".card-title").all_inner_texts()
    assert names[-1] == "Jalkapallokerho Pallo"  # the farthest from Tapiola
    assert "Paikkasi: 02100 Espoo" in page.locator(".main-nav").inner_text()

    page = phone.open("/hobbies/")
    page.wait_for_url(re.compile(r"lat=60\.175"))
    page = phone.open(f"/hobbies/{catalogue['football'].pk}/")
    distance = page.locator("[data-distance-from-place]").inner_text()
    assert distance.endswith("km paikasta 02100 Espoo")
    assert_only_tiles_requested(phone)


def test_offline_place_list_ignores_accents(phone, catalogue):
    page = phone.open("/place/")

    page.get_by_label("Nimi tai numero").fill("espoo")
    page.get_by_role("button", name=re.compile("02100 Espoo")).wait_for()
    page.get_by_label("Nimi tai numero").fill("ESPÖÖ")

    page.get_by_role("button", name=re.compile("02100 Espoo")).wait_for()


def test_place_label_follows_language_switch(phone, catalogue):
    page = phone.open("/place/")
    page.get_by_label("Nimi tai numero").fill("021")
    page.get_by_role("button", name=re.compile("02100 Espoo")).click()
    page.wait_for_url(re.compile(r"/hobbies/\?lat=60\.175&lon=24\.805&place=02100"))

    page.get_by_role("link", name="Svenska").click()
    page.wait_for_url(re.compile(r"/sv/hobbies/\?lat=60\.175&lon=24\.805&place=02100\+Esbo$"))
    place_line = page.locator(".place-line").inner_text()
    navigation = page.locator(".main-nav").inner_text()
    stored = page.evaluate("JSON.parse(localStorage.getItem('hp.place'))")

    assert "Avstånd från: 02100 Esbo." in place_line
    assert "Din plats: 02100 Esbo" in navigation
    assert stored["kind"] == "postal_code"
    assert stored["postalCode"] == "02100"
    assert stored["names"] == {"fi": "Espoo", "sv": "Esbo"}
    assert_only_tiles_requested(phone)


def test_municipality_chosen_without_script_keeps_names(phone, catalogue):
    page = phone.open("/place/?q=Espoo")
    page.locator("a[data-place-choice][data-kind=municipality]").first.click()
    page.wait_for_url(re.compile(r"/hobbies/\?lat="))

    page = phone.open(f"/sv/hobbies/{catalogue['football'].pk}/")
    distance = page.locator("[data-distance-from-place]").inner_text()

    assert "Din plats: Esbo" in page.locator(".main-nav").inner_text()
    assert distance.endswith("från Esbo")
    assert_only_tiles_requested(phone)


def test_choose_device_location(browser, live_server, catalogue):
    phone = new_phone(
        browser, live_server, geolocation={"latitude": 60.17123, "longitude": 24.94187}, permissions=["geolocation"]
    )
    try:
        page = phone.open("/place/")
        assert page.get_by_text("selaimesi kysyy, saako Harrastuspassi käyttää sijaintiasi").is_visible()
        page.get_by_role("button", name="Käytä sijaintiani").click()
        page.wait_for_url(re.compile(r"/hobbies/\?lat=60\.171&lon=24\.942"))
        assert page.locator(".card-title").first.inner_text() == "Jalkapallokerho Pallo"
        place = page.evaluate("JSON.parse(localStorage.getItem('hp.place'))")
        assert place["municipality"] == "091"
        assert place["lat"] == 60.171

        page = phone.open("/en/")
        assert "Your place: My location" in page.locator(".main-nav").inner_text()
        page = phone.open("/sv/hobbies/?lat=60.171&lon=24.942&place=Oma+sijainti")
        page.wait_for_url(re.compile(r"place=Min\+position$"))
        assert_only_tiles_requested(phone)
    finally:
        phone.context.close()


def test_choose_place_on_map(phone, catalogue):
    page = phone.open("/place/")
    save = page.get_by_role("button", name="Käytä merkittyä kohtaa")
    assert save.is_disabled()
    page.locator('[data-map="pick"]').click()
    assert save.is_enabled()
    save.click()
    page.wait_for_url(re.compile(r"/hobbies/\?lat=\d+\.\d{3}&lon=\d+\.\d{3}&place=Kohta"))
    assert "Paikkasi: Kohta kartalla" in page.locator(".main-nav").inner_text()
    assert_only_tiles_requested(phone)


def test_share_copies_link_without_web_share(browser, live_server, catalogue):
    phone = new_phone(browser, live_server, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = phone.open(f"/hobbies/{catalogue['football'].pk}/")
        assert page.evaluate("typeof navigator.share") == "undefined"
        page.get_by_role("button", name="Jaa").click()
        wait_for_announcement(page, "Linkki kopioitiin. Voit liittää sen viestiin.")
        assert page.evaluate("navigator.clipboard.readText()") == f"{phone.base_url}/hobbies/{catalogue['football'].pk}/"
        assert_only_tiles_requested(phone)
    finally:
        phone.context.close()


def test_download_calendar_file(phone, catalogue):
    page = phone.open(f"/hobbies/{catalogue['band'].pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Lisää kalenteriin")).first.click()
    download = download_info.value
    assert download.suggested_filename == "bandikoulu.ics"
    text = Path(download.path()).read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert "SUMMARY:Bändikoulu\r\n" in text
    assert_only_tiles_requested(phone)


def test_map_stays_usable_without_tiles(phone, catalogue):
    page = phone.open("/hobbies/map/")
    page.locator(".leaflet-marker-icon, .marker-cluster").first.wait_for()
    status = page.locator("[data-map-status]")
    page.wait_for_function("document.querySelector('[data-map-status]').textContent.length > 0")
    assert status.inner_text() == "Kartan taustaa ei voitu ladata. Alla olevassa listassa ovat samat harrastukset."
    assert page.locator(".compact-list li").count() == 3
    phone.screenshot("hobby-map-without-tiles")
    assert any(tile_pattern().match(url) for url in phone.blocked)
    assert_only_tiles_requested(phone)


def test_markers_load_with_hashed_static_files(phone, catalogue, settings, tmp_path):
    """Production renames static files by content hash (leaflet.css becomes leaflet.<hash>.css),
    which defeats Leaflet's own search for its marker images."""
    from django.core.management import call_command

    settings.STATIC_ROOT = str(tmp_path)
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    call_command("collectstatic", "--noinput", verbosity=0)
    static_prefix = phone.base_url + settings.STATIC_URL

    def serve_collected(route):
        collected = tmp_path / route.request.url.removeprefix(static_prefix).split("?")[0]
        if collected.is_file():
            route.fulfill(path=str(collected))
        else:
            route.fulfill(status=404)

    phone.page.route(static_prefix + "**", serve_collected)
    page = phone.open(f"/hobbies/{catalogue['football'].pk}/")
    marker = page.locator("img.leaflet-marker-icon")
    marker.wait_for()
    page.wait_for_function("image => image.complete", arg=marker.element_handle())

    assert re.search(r"/marker-icon\.[0-9a-f]{12}\.png$", marker.get_attribute("src"))
    assert marker.evaluate("image => image.naturalWidth") > 0
    assert_only_tiles_requested(phone)


@pytest.mark.parametrize(
    ("prefix", "zoom_in", "zoom_out", "library", "close"),
    [
        ("", "Lähennä", "Loitonna", "JavaScript-kirjasto interaktiivisille kartoille", "Sulje ponnahdusikkuna"),
        ("/sv", "Zooma in", "Zooma ut", "Ett JavaScript-bibliotek för interaktiva kartor", "Stäng popup-fönstret"),
    ],
)
def test_map_controls_in_page_language(phone, catalogue, prefix, zoom_in, zoom_out, library, close):
    """Leaflet names its zoom buttons, credit link and popup close button in English."""
    page = phone.open(prefix + "/hobbies/map/")
    page.locator(".leaflet-marker-icon, .marker-cluster").first.wait_for()

    assert page.locator(".leaflet-control-zoom-in").get_attribute("aria-label") == zoom_in
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == zoom_in
    assert page.locator(".leaflet-control-zoom-out").get_attribute("aria-label") == zoom_out
    assert page.locator(".leaflet-control-attribution a").first.get_attribute("title") == library
    page.locator("img.leaflet-marker-icon").first.click()
    assert page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == close
    assert_only_tiles_requested(phone)


def test_seen_page_reloads_offline(phone, catalogue):
    detail = f"/hobbies/{catalogue['football'].pk}/"
    page = phone.open(detail)
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.reload()  # this load goes through the worker, which keeps a copy of the page

    phone.context.set_offline(True)
    page.reload()
    assert page.locator("h1").inner_text() == "Jalkapallokerho Pallo"
    phone.screenshot("hobby-detail-offline")

    page.goto(phone.base_url + "/sv/hobbies/map/")
    assert page.locator("h1").inner_text() == "Du är offline"
    phone.screenshot("offline-page-sv")
    phone.context.set_offline(False)
    assert_only_tiles_requested(phone)


def test_favourites_open_offline_without_earlier_visit(phone, catalogue):
    football = catalogue["football"]
    page = phone.open("/")
    page.evaluate("navigator.serviceWorker.ready")
    page.evaluate(
        "favourite => localStorage.setItem('hp.favourites', JSON.stringify([favourite]))",
        {"id": football.pk, "name": "Jalkapallokerho Pallo", "saved": "2026-12-01"},
    )

    phone.context.set_offline(True)
    page.goto(phone.base_url + "/offline/")
    page.locator("main").get_by_role("link", name="Suosikit").click()
    page.wait_for_url(re.compile(r"/favourites/$"))
    favourite = page.locator("[data-favourites]").get_by_role("link", name="Jalkapallokerho Pallo")
    favourite.wait_for()
    heading = page.locator("h1").inner_text()
    phone.context.set_offline(False)

    assert heading == "Suosikit"
    assert_only_tiles_requested(phone)


def test_finnish_offline_pages_on_english_phone(browser, live_server, catalogue):
    """A phone in English lands on /en/, installs the worker and then chooses Finnish. The
    Finnish favourites and offline pages must open offline, in Finnish."""
    phone = new_phone(browser, live_server, locale="en-US")
    try:
        page = phone.open("/")
        assert page.url.endswith("/en/")
        page.evaluate("navigator.serviceWorker.ready")
        page.get_by_role("link", name="Suomi").click()
        page.wait_for_url(phone.base_url + "/")

        phone.context.set_offline(True)
        page.goto(phone.base_url + "/favourites/")
        favourites_heading = page.locator("h1").inner_text()
        page.goto(phone.base_url + "/hobbies/?q=never-seen")
        offline_heading = page.locator("h1").inner_text()
        phone.context.set_offline(False)

        assert favourites_heading == "Suosikit"
        assert offline_heading == "Olet offline-tilassa"
        assert_only_tiles_requested(phone)
    finally:
        phone.context.close()


def test_analytics_events_reach_the_server(phone, catalogue):
    from analytics.models import UsageEvent

    page = phone.open(f"/hobbies/{catalogue['football'].pk}/")
    page.evaluate("HarrastuspassiAnalytics.flush()")
    page.wait_for_function("localStorage.getItem('hp.analytics.queue') === '[]'")
    names = sorted(UsageEvent.objects.values_list("name", flat=True))
    assert names == ["active_month", "first_open", "hobby_view"]
    assert UsageEvent.objects.get(name="hobby_view").hobby_id == catalogue["football"].pk
    assert_only_tiles_requested(phone)
