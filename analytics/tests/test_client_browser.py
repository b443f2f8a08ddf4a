"""analytics.js in a real Chromium: queued events reach the endpoint and the database."""

from pathlib import Path

import pytest

from analytics.models import UsageEvent
from conftest import running_in_ci
from core import testing

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
QUEUE_EMPTY = "() => window.localStorage.getItem('hp.analytics.queue') === '[]'"


def run_in_chromium(url, script, *, wait_for=QUEUE_EMPTY):
    """Open `url`, load analytics.js, run `script` and wait until `wait_for` is true."""
    if not CHROMIUM.exists():
        if running_in_ci():
            pytest.fail(f"CI=true and Chromium is missing at {CHROMIUM}")
        pytest.skip(f"Chromium is missing at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page()
        page.goto(f"{url}/api/analytics/v1/schema/")
        page.add_script_tag(url=f"{url}/static/analytics/analytics.js")
        page.evaluate(script)
        page.wait_for_function(wait_for, timeout=20_000)
        result = page.evaluate("() => window.localStorage.getItem('hp.analytics.activeMonth')")
        browser.close()
    return result


@pytest.mark.django_db(transaction=True)
def test_client_sends_open_month_and_tracked_events(live_server):
    testing.make_municipality(code="091")

    active_month = run_in_chromium(
        live_server.url,
        """() => {
            HarrastuspassiAnalytics.start({municipality: () => "091"});
            HarrastuspassiAnalytics.track("hobby_view", {hobby: 7});
        }""",
    )

    rows = sorted(UsageEvent.objects.values_list("name", "municipality_code", "hobby_id"))
    assert rows == [("active_month", "091", None), ("first_open", "091", None), ("hobby_view", "091", 7)]
    assert len(active_month) == 7  # "YYYY-MM" in Helsinki time


@pytest.mark.django_db(transaction=True)
def test_client_drops_rejected_events(live_server):
    testing.make_municipality(code="091")

    run_in_chromium(
        live_server.url,
        """() => {
            window.localStorage.setItem('hp.analytics.firstOpenSent', '1');
            window.localStorage.setItem('hp.analytics.activeMonth', HarrastuspassiAnalytics.helsinkiMonth(new Date()));
            HarrastuspassiAnalytics.track("hobby_view", {hobby: "not an id"});
            HarrastuspassiAnalytics.track("map_open");
            HarrastuspassiAnalytics.flush();
        }""",
    )

    assert list(UsageEvent.objects.values_list("name", flat=True)) == ["map_open"]
