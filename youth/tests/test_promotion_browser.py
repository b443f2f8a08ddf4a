"""Using a promotion in a real Chromium: detail, confirm, code, reload, and the device limit.

axe-core checks every screen for serious and critical violations. The tests create their
data before the browser starts and query the database after it stops, because Playwright's
sync API runs an event loop in the test's thread and Django rejects ORM calls beside it.
"""

import contextlib
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import running_in_ci
from core import testing
from hobbies.timeutils import format_local_datetime
from promotions.models import DeviceUseCount, PromotionUse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def finnish_urls():
    """Reverse URLs in Finnish: an earlier test's /sv/ or /en/ page may have left its language
    active in this thread, and reverse() would then add that prefix."""
    with translation.override("fi"):
        yield

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextlib.contextmanager
def phone_browser(live_server):
    """Open a phone-sized page that may reach only the live server; yield (page, outside requests)."""
    if not CHROMIUM.exists():
        if running_in_ci():
            pytest.fail(f"CI=true and Chromium is missing at {CHROMIUM}")
        pytest.skip(f"Chromium is missing at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    outside = []

    def only_live_server(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        # A Finnish browser: unprefixed pages redirect to the language Accept-Language prefers.
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fi-FI")
        context.route("**/*", only_live_server)
        yield context.new_page(), outside
        context.close()
        browser.close()


def serious_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (violation["id"], violation["impact"])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"promotion-{name}.png"), full_page=True)


def test_use_flow_shows_code_and_keeps_it(live_server):
    provider = testing.make_provider(name_fi="Testiseura ry")
    promotion = testing.make_promotion(
        provider, testing.make_location(), name_fi="Ilmainen kokeilukerta", total_quantity=3, terms_fi="Yksi kerta."
    )
    detail_url = live_server.url + reverse("youth:promotion-detail", args=[promotion.pk])
    confirm_path = reverse("youth:promotion-confirm", args=[promotion.pk])
    code_path = reverse("youth:promotion-code", args=[promotion.pk])

    with phone_browser(live_server) as (page, outside):
        page.goto(detail_url)
        detail_violations = serious_violations(page)
        screenshot(page, "detail")
        page.get_by_role("link", name="Käytä etu").click()
        page.wait_for_url(f"**{confirm_path}")
        confirm_violations = serious_violations(page)
        screenshot(page, "confirm")
        page.get_by_role("button", name="Käytä nyt").click()
        page.wait_for_url(f"**{code_path}")
        page.locator("[data-code]").wait_for(state="visible")
        shown_code = page.locator("[data-code]").inner_text()
        shown_time = page.locator("[data-used-at]").inner_text()
        code_violations = serious_violations(page)
        screenshot(page, "code")
        page.reload()
        code_after_reload = page.locator("[data-code]").inner_text()
        device_key = page.evaluate("() => window.localStorage.getItem('hp.deviceKey')")
        page.goto(live_server.url + "/en" + code_path)
        page.locator("[data-used-at]").wait_for(state="visible")
        shown_time_in_english = page.locator("[data-used-at]").inner_text()

    use = PromotionUse.objects.get(promotion=promotion)
    assert shown_code == use.code
    assert shown_time == format_local_datetime(use.created_at)
    with translation.override("en"):
        assert shown_time_in_english == format_local_datetime(use.created_at)
    assert code_after_reload == use.code
    assert len(device_key) == 43
    assert DeviceUseCount.objects.filter(promotion=promotion).count() == 1
    assert detail_violations == []
    assert confirm_violations == []
    assert code_violations == []
    assert outside == []


def test_second_use_shows_device_limit_error(live_server):
    promotion = testing.make_promotion(testing.make_provider(), testing.make_location(), total_quantity=3)
    confirm_url = live_server.url + reverse("youth:promotion-confirm", args=[promotion.pk])

    with phone_browser(live_server) as (page, outside):
        page.goto(confirm_url)
        page.get_by_role("button", name="Käytä nyt").click()
        page.wait_for_url("**/code/")
        # Without its list of uses the page offers the button again, and the server, which
        # counts uses by the device key, rejects the use.
        page.evaluate("() => window.localStorage.removeItem('hp.promotions.uses')")
        page.goto(confirm_url)
        page.get_by_role("button", name="Käytä nyt").click()
        error = page.locator("[data-use-error]")
        error.wait_for(state="visible")
        error_violations = serious_violations(page)
        screenshot(page, "error")
        error_code = error.get_attribute("data-error-code")
        error_text = error.inner_text()
        error_has_focus = page.evaluate("() => document.activeElement.hasAttribute('data-use-error')")

    assert error_code == "device_limit_reached"
    assert "Tällä laitteella on jo käytetty etu" in error_text
    assert error_has_focus
    assert PromotionUse.objects.filter(promotion=promotion).count() == 1
    assert error_violations == []
    assert outside == []


def test_detail_links_saved_code(live_server):
    promotion = testing.make_promotion(testing.make_provider(), testing.make_location())
    confirm_url = live_server.url + reverse("youth:promotion-confirm", args=[promotion.pk])
    detail_url = live_server.url + reverse("youth:promotion-detail", args=[promotion.pk])

    with phone_browser(live_server) as (page, _outside):
        page.goto(confirm_url)
        page.get_by_role("button", name="Käytä nyt").click()
        page.wait_for_url("**/code/")
        page.goto(detail_url)
        link_visible = page.get_by_role("link", name="Näytä lunastuskoodi").is_visible()

    assert link_visible


def test_used_up_device_sees_code_not_use_button(live_server):
    promotion = testing.make_promotion(testing.make_provider(), testing.make_location(), per_device_limit=1)
    other = testing.make_promotion(testing.make_provider(), testing.make_location(), per_device_limit=2)
    confirm_url = live_server.url + reverse("youth:promotion-confirm", args=[promotion.pk])
    detail_url = live_server.url + reverse("youth:promotion-detail", args=[promotion.pk])

    with phone_browser(live_server) as (page, outside):
        for url in (confirm_url, live_server.url + reverse("youth:promotion-confirm", args=[other.pk])):
            page.goto(url)
            page.get_by_role("button", name="Käytä nyt").click()
            page.wait_for_url("**/code/")
        code = page.evaluate(f"() => JSON.parse(localStorage.getItem('hp.promotions.uses'))['{promotion.pk}'][0].code")

        page.goto(detail_url)
        page.locator("[data-saved-code]").wait_for(state="visible")
        detail_code = page.locator("[data-saved-code]").inner_text()
        detail_use_buttons = page.get_by_role("link", name="Käytä etu").count()
        detail_note = page.locator("[data-device-limit-reached]").inner_text()
        detail_violations = serious_violations(page)
        screenshot(page, "used-up-detail")

        page.goto(confirm_url)
        page.locator("[data-device-limit-note]").wait_for(state="visible")
        confirm_use_buttons = page.get_by_role("button", name="Käytä nyt").count()

        page.goto(live_server.url + reverse("youth:promotion-detail", args=[other.pk]))
        page.locator("[data-saved-code]").wait_for(state="visible")
        other_use_visible = page.get_by_role("link", name="Käytä etu").is_visible()

    assert detail_code == code
    assert detail_use_buttons == 0
    assert detail_note == "Tällä laitteella on käytetty etu kerran, ja se on laitekohtainen enimmäismäärä."
    assert confirm_use_buttons == 0
    assert other_use_visible  # one of two uses left on this device
    assert detail_violations == []
    assert outside == []
