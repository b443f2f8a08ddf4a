"""The portal's main flows in a real Chromium: mouse, keyboard only, and axe-core checks.

The browser's clock is in New York, so the checks of times also show that the portal
takes and shows Europe/Helsinki times whatever the browser's zone.
"""

import datetime as dt

import pytest
from django.utils import timezone

from core import testing
from hobbies.models import Hobby, HobbyEvent
from promotions.models import PromotionUse
from providers.models import Invitation
from providers.services import hash_token

from .browser import chromium_page, severe_violations, sign_in, tab_to
from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db):
    municipality = testing.make_municipality(name_fi="Espoo")
    provider = testing.make_provider(municipality=municipality, name_fi="Espoon Judoseura ry")
    location = testing.make_location(municipality=municipality, provider=provider, name_fi="Judosali")
    testing.make_category_tree()
    editor = testing.make_member(provider, role="admin", email="editori@example.org")
    moderator = testing.make_moderator(municipality, email="moderaattori@example.org", first_name="Moderaattori")
    no_role = testing.make_user(email="eirooleja@example.org")
    return {
        "provider": provider,
        "location": location,
        "editor": editor,
        "moderator": moderator,
        "no_role": no_role,
        "municipality": municipality,
    }


def test_create_schedule_cancel_publish_and_approve(live_server, people):
    base = live_server.url
    next_monday = timezone.localdate() + dt.timedelta(days=7 - timezone.localdate().weekday())
    with chromium_page(base) as page:
        sign_in(page, base, "editori@example.org", PASSWORD)

        page.click("text=Uusi harrastus")
        page.wait_for_url(f"{base}/portal/hobbies/new/")
        page.fill("#id_name_fi", "Judon alkeet")
        page.fill("#id_name_en", "Judo basics")
        assert page.get_attribute("#id_name_sv", "placeholder") == "Judon alkeet"
        page.select_option("#id_location", str(people["location"].pk))
        page.click("summary:has-text('Urheilu ja liikunta')")
        page.check("label:has-text('Jalkapallo') input")
        page.click("button:has-text('Tallenna')")
        page.wait_for_selector("h2:has-text('Lisää viikkoaikataulu')")

        page.check("label:has-text('maanantai')")
        page.fill("#id_start_time", "17:30")
        page.fill("#id_end_time", "19:00")
        page.fill("#id_first_date", next_monday.isoformat())
        page.fill("#id_last_date", (next_monday + dt.timedelta(days=14)).isoformat())
        page.click("button:has-text('Näytä harrastuskerrat')")
        preview = page.locator(".preview-sessions li")
        preview.first.wait_for()
        assert preview.count() == 3
        assert "17.30–19.00" in preview.first.inner_text() or "17:30–19:00" in preview.first.inner_text()
        page.click("button:has-text('Tallenna aikataulu')")
        page.wait_for_selector("text=Aikataulu on tallennettu")

        page.locator("button:has-text('Peru harrastuskerta')").first.click()
        page.wait_for_selector("tr.cancelled")
        assert "Peruttu" in page.locator("tr.cancelled").first.inner_text()

        page.click("nav.actions >> text=Tiedot")
        page.click("button:has-text('Julkaise')")
        page.wait_for_selector("text=Harrastus on julkaistu")

        hobby_id = int(page.url.rstrip("/").rsplit("/", 1)[-1])
        page.goto(f"{base}/hobbies/{hobby_id}/")
        assert "Peruttu" in page.content()

        page.goto(f"{base}/portal/")
        page.click("button:has-text('Kirjaudu ulos')")
        page.wait_for_url(f"{base}/accounts/login/")

        sign_in(page, base, "moderaattori@example.org", PASSWORD)
        page.click("nav.portal-nav >> text=Moderointijono")
        card = page.locator("article:has-text('Judon alkeet')")
        card.locator("button:has-text('Hyväksy')").click()
        page.wait_for_selector("text=Jono on tyhjä.")

    # The ORM may not run inside Playwright's event loop, so the checks come after it.
    hobby = Hobby.objects.get(pk=hobby_id)
    assert hobby.name_en == "Judo basics"
    assert list(hobby.categories.values_list("name_en", flat=True)) == ["Football"]
    assert hobby.status == Hobby.Status.PUBLISHED
    assert hobby.moderation_status == Hobby.Moderation.APPROVED
    sessions = list(HobbyEvent.objects.filter(hobby=hobby).order_by("start_at"))
    assert [timezone.localtime(event.start_at).strftime("%H:%M") for event in sessions] == ["17:30"] * 3
    assert [event.is_cancelled for event in sessions] == [True, False, False]


def test_keyboard_only_sign_in_and_new_hobby(live_server, people):
    base = live_server.url
    with chromium_page(base) as page:
        page.goto(f"{base}/accounts/login/")
        tab_to(page, "#id_username")
        page.keyboard.type("editori@example.org")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/portal/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('skip-link')")

        tab_to(page, "a.button[href$='/portal/hobbies/new/']")
        page.keyboard.press("Enter")
        page.wait_for_selector("#id_name_fi")
        tab_to(page, "#id_name_fi")
        page.keyboard.type("Näppäimistöjudo")
        tab_to(page, "summary")
        page.keyboard.press("Enter")
        tab_to(page, "input[name=categories]")
        page.keyboard.press("Space")
        tab_to(page, "form button[type=submit]:not([name])")
        page.keyboard.press("Enter")
        page.wait_for_selector("h2:has-text('Lisää viikkoaikataulu')")

        tab_to(page, "input[name=weekdays][value='3']")
        page.keyboard.press("Space")
        tab_to(page, "#id_start_time")
        page.keyboard.type("1700")
        tab_to(page, "button[value=preview]")
        page.keyboard.press("Enter")
        page.wait_for_selector(".form-errors")

    hobby = Hobby.objects.get(name_fi="Näppäimistöjudo")
    assert hobby.categories.count() == 1


def portal_pages(people):
    """Return every portal page worth checking, as (role, path)."""
    hobby = testing.make_hobby(
        provider=people["provider"], location=people["location"], municipality=people["municipality"], name_fi="Sähly"
    )
    testing.make_session(hobby, timezone.now() + dt.timedelta(days=3))
    hobby.moderation_status = Hobby.Moderation.PENDING
    hobby.moderation_changed_at = timezone.now()
    hobby.save()
    promotion = testing.make_promotion(people["provider"], people["location"])
    use = PromotionUse.objects.create(promotion=promotion, code="K7QM-2XPA")
    provider = people["provider"].pk
    invitation_token = "browser-test-invitation-token"
    Invitation.objects.create(
        provider=people["provider"],
        email="uusi@example.org",
        token_hash=hash_token(invitation_token),
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    month = timezone.localdate().strftime("%Y-%m")
    pages = [
        ("anonymous", "/accounts/login/"),
        ("anonymous", "/sv/accounts/login/"),
        ("anonymous", "/accounts/password-reset/"),
        ("anonymous", "/accounts/password-reset/sent/"),
        ("anonymous", "/accounts/password-reset/complete/"),
        ("anonymous", f"/portal/invitations/{invitation_token}/"),
        ("anonymous", "/portal/invitations/no-such-token/"),
        ("no_role", "/portal/"),
        ("editor", "/portal/"),
        ("editor", "/portal/hobbies/"),
        ("editor", "/portal/hobbies/new/"),
        ("editor", f"/portal/hobbies/{hobby.pk}/"),
        ("editor", f"/portal/hobbies/{hobby.pk}/schedule/"),
        ("editor", f"/portal/hobbies/{hobby.pk}/preview/"),
        ("editor", f"/portal/hobbies/{hobby.pk}/delete/"),
        ("editor", "/portal/locations/"),
        ("editor", "/portal/locations/new/"),
        ("editor", f"/portal/locations/{people['location'].pk}/"),
        ("editor", "/portal/import/"),
        ("editor", "/portal/providers/"),
        ("editor", "/portal/providers/new/"),
        ("editor", f"/portal/providers/{provider}/"),
        ("editor", f"/portal/providers/{provider}/edit/"),
        ("editor", f"/portal/providers/{provider}/invite/"),
        ("editor", "/portal/promotions/"),
        ("editor", "/portal/promotions/new/"),
        ("editor", f"/portal/promotions/{promotion.pk}/"),
        ("editor", f"/portal/promotions/{promotion.pk}/uses/"),
        ("editor", f"/portal/promotions/redeem/?code={use.code}"),
        ("editor", "/portal/audit/"),
        ("editor", "/sv/portal/hobbies/new/"),
        ("editor", "/en/portal/"),
        ("moderator", "/portal/moderation/"),
        ("moderator", "/portal/analytics/"),
        ("moderator", f"/portal/analytics/{month}/{people['municipality'].code}/"),
    ]
    return pages


def test_every_portal_page_has_no_serious_accessibility_violations(live_server, people):
    base = live_server.url
    pages = portal_pages(people)
    found = {}
    with chromium_page(base) as page:
        signed_in_as = "anonymous"
        for role, path in pages:
            if role != signed_in_as:
                page.context.clear_cookies()
                if role != "anonymous":
                    sign_in(page, base, people[role].email, PASSWORD)
                signed_in_as = role
            response = page.goto(f"{base}{path}")
            assert response.status in (200, 403, 404), path
            violations = severe_violations(page)
            if violations:
                found[path] = violations

        # The import preview needs an upload first; this file has errors to show.
        page.goto(f"{base}/portal/import/")
        page.select_option("#id_provider", index=1)
        page.set_input_files(
            "#id_file",
            files=[{"name": "harrastukset.csv", "mimeType": "text/csv", "buffer": b"Oma tunniste;Nimi suomeksi\nx-1;\n"}],
        )
        page.click("button:has-text('Tarkista tiedosto')")
        page.wait_for_selector("#import-errors")
        violations = severe_violations(page)
        if violations:
            found["/portal/import/preview/"] = violations
    assert found == {}


def test_address_search_and_map_fill_the_point(live_server, people):
    from places.models import Location, PostalCode

    PostalCode.objects.create(code="02100", name_fi="Tapiola", latitude=60.175, longitude=24.805)
    base = live_server.url
    with chromium_page(base) as page:
        sign_in(page, base, "editori@example.org", PASSWORD)
        page.goto(f"{base}/portal/locations/new/")
        page.fill("#id_name_fi", "Tapiolan sali")
        page.fill("#id_address_query", "Kirkkopuistontie 3, 02100")
        page.click("#geocode-button")
        page.click("#geocode-results button:has-text('02100 Tapiola')")
        assert page.input_value("#id_latitude") == "60.175000"
        assert page.input_value("#id_postal_code") == "02100"

        page.wait_for_selector("#location-map .leaflet-marker-icon")
        box = page.locator("#location-map").bounding_box()
        page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.5)
        corrected = float(page.input_value("#id_longitude"))
        assert corrected > 24.805
        page.click("button[value=save]")
        page.wait_for_selector("text=on tallennettu")

    location = Location.objects.get(name_fi="Tapiolan sali")
    assert location.latitude == pytest.approx(60.175, abs=0.001)
    assert location.longitude == pytest.approx(corrected, abs=0.000001)
