"""Helpers of the Playwright tests: Debian's Chromium, a page that reaches only the test
server, keyboard navigation and axe-core."""

from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import running_in_ci

CHROMIUM = Path("/usr/bin/chromium")
SEVERE_IMPACTS = {"serious", "critical"}


def require_chromium():
    if not CHROMIUM.exists():
        if running_in_ci():
            pytest.fail(f"CI=true and Chromium is missing at {CHROMIUM}")
        pytest.skip(f"Chromium is missing at {CHROMIUM}")


@contextmanager
def chromium_page(live_server_url, *, timezone_id="America/New_York", locale="fi-FI"):
    """Yield a page in a browser whose clock is in another time zone than Helsinki.

    Requests to any host but the live server (such as map tiles) are aborted, so the
    tests send no traffic off this machine.
    """
    require_chromium()
    from playwright.sync_api import sync_playwright

    allowed = urlsplit(live_server_url).netloc
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        context = browser.new_context(timezone_id=timezone_id, locale=locale)
        context.route(
            "**/*",
            lambda route: route.continue_() if urlsplit(route.request.url).netloc == allowed else route.abort(),
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def sign_in(page, base_url, email, password):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("button[type=submit]:has-text('Kirjaudu sisään')")
    page.wait_for_url(f"{base_url}/portal/")


def tab_to(page, selector, *, max_steps=300):
    """Press Tab until the element matching `selector` has the focus; fail if it never does."""
    for _step in range(max_steps):
        if page.evaluate("(selector) => document.activeElement && document.activeElement.matches(selector)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the keyboard focus in {max_steps} Tab presses")


def severe_violations(page):
    """Return the axe-core violations of impact serious or critical on the page, briefly."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:5])
        for violation in results.response["violations"]
        if violation["impact"] in SEVERE_IMPACTS
    ]
