"""analytics.js in a real Chromium: queued events reach the endpoint and the database."""

import json
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


@pytest.mark.django_db(transaction=True)
def test_client_resends_lost_response_once(live_server):
    """The first batch reaches the server but its response is lost; the resend must not count twice."""
    testing.make_municipality(code="091")
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    bodies = []

    def lose_first_response(route):
        bodies.append(json.loads(route.request.post_data))
        if len(bodies) == 1:
            route.fetch()  # the server stores the batch
            route.abort()  # but the page gets a network error
        else:
            route.continue_()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page()
        page.route("**/api/analytics/v1/events/", lose_first_response)
        page.goto(f"{live_server.url}/api/analytics/v1/schema/")
        page.add_script_tag(url=f"{live_server.url}/static/analytics/analytics.js")
        page.evaluate(
            """() => {
                window.localStorage.setItem('hp.analytics.firstOpenSent', '1');
                window.localStorage.setItem('hp.analytics.activeMonth', HarrastuspassiAnalytics.helsinkiMonth(new Date()));
                HarrastuspassiAnalytics.track("map_open");
                HarrastuspassiAnalytics.track("hobby_view", {hobby: 7});
                return HarrastuspassiAnalytics.flush();
            }"""
        )
        page.evaluate("() => HarrastuspassiAnalytics.track('map_open')")
        page.evaluate("() => HarrastuspassiAnalytics.flush()")
        page.wait_for_function(QUEUE_EMPTY, timeout=20_000)
        browser.close()

    assert len(bodies) == 3
    assert bodies[1] == bodies[0]
    assert [event["name"] for event in bodies[2]["events"]] == ["map_open"]
    assert bodies[2]["batch_id"] != bodies[0]["batch_id"]
    assert sorted(UsageEvent.objects.values_list("name", flat=True)) == ["hobby_view", "map_open", "map_open"]
