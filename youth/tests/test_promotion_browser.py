"""Using a promotion in a real Chromium: detail, confirm, code, reload, and the device limit.

axe-core checks every screen for serious and critical violations.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from conftest import running_in_ci
from core import testing
from promotions.models import DeviceUseCount, PromotionUse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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


@pytest.fixture
def browser_page(live_server, monkeypatch):
    """A phone-sized page that may reach only the live server; yields (page, outside requests)."""
    # Playwright's sync API runs an event loop in this thread, and Django rejects ORM calls
    # from a thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. That is safe
    # here: the loop only drives the browser, and the test's queries run between its calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
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
        context = browser.new_context(viewport={"width": 390, "height": 844})
        context.route("**/*", only_live_server)
        page = context.new_page()
        yield page, outside
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


def test_use_flow_shows_code_and_keeps_it(live_server, browser_page):
    page, outside = browser_page
    provider = testing.make_provider(name_fi="Testiseura ry")
    promotion = testing.make_promotion(
        provider, testing.make_location(), name_fi="Ilmainen kokeilukerta", total_quantity=3, terms_fi="Yksi kerta."
    )

    page.goto(live_server.url + reverse("youth:promotion-detail", args=[promotion.pk]))
    detail_violations = serious_violations(page)
    screenshot(page, "detail")
    page.get_by_role("link", name="Käytä etu").click()
    page.wait_for_url(f"**{reverse('youth:promotion-confirm', args=[promotion.pk])}")
    confirm_violations = serious_violations(page)
    screenshot(page, "confirm")
    page.get_by_role("button", name="Käytä nyt").click()
    page.wait_for_url(f"**{reverse('youth:promotion-code', args=[promotion.pk])}")
    page.locator("[data-code]").wait_for(state="visible")
    shown_code = page.locator("[data-code]").inner_text()
    shown_time = page.locator("[data-used-at]").inner_text()
    code_violations = serious_violations(page)
    screenshot(page, "code")
    page.reload()
    code_after_reload = page.locator("[data-code]").inner_text()
    device_key = page.evaluate("() => window.localStorage.getItem('hp.deviceKey')")

    use = PromotionUse.objects.get(promotion=promotion)
    assert shown_code == use.code
    assert shown_time
    assert code_after_reload == use.code
    assert len(device_key) == 43
    assert DeviceUseCount.objects.filter(promotion=promotion).count() == 1
    assert detail_violations == []
    assert confirm_violations == []
    assert code_violations == []
    assert outside == []


def test_second_use_shows_device_limit_error(live_server, browser_page):
    page, outside = browser_page
    promotion = testing.make_promotion(testing.make_provider(), testing.make_location(), total_quantity=3)
    confirm_url = live_server.url + reverse("youth:promotion-confirm", args=[promotion.pk])

    page.goto(confirm_url)
    page.get_by_role("button", name="Käytä nyt").click()
    page.wait_for_url("**/code/")
    page.goto(confirm_url)
    page.get_by_role("button", name="Käytä nyt").click()
    error = page.locator("[data-use-error]")
    error.wait_for(state="visible")
    error_violations = serious_violations(page)
    screenshot(page, "error")

    assert error.get_attribute("data-error-code") == "device_limit_reached"
    assert "Tällä laitteella on jo käytetty etu" in error.inner_text()
    assert page.evaluate("() => document.activeElement.hasAttribute('data-use-error')")
    assert PromotionUse.objects.filter(promotion=promotion).count() == 1
    assert error_violations == []
    assert outside == []


def test_detail_links_saved_code(live_server, browser_page):
    page, _outside = browser_page
    promotion = testing.make_promotion(testing.make_provider(), testing.make_location())

    page.goto(live_server.url + reverse("youth:promotion-confirm", args=[promotion.pk]))
    page.get_by_role("button", name="Käytä nyt").click()
    page.wait_for_url("**/code/")
    page.goto(live_server.url + reverse("youth:promotion-detail", args=[promotion.pk]))

    assert page.get_by_role("link", name="Näytä lunastuskoodi").is_visible()
