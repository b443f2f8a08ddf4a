"""Language: fi at /, sv at /sv/, en at /en/, chosen from the browser on a first visit."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_first_visit_redirects_to_browser_language(client, catalogue):
    response = client.get("/hobbies/?q=b%C3%A4ndi", HTTP_ACCEPT_LANGUAGE="sv-FI,sv;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/sv/hobbies/?q=b%C3%A4ndi"
    assert "Accept-Language" in response["Vary"]
    assert "Cookie" in response["Vary"]


def test_finnish_browser_stays_unprefixed(client, catalogue):
    response = client.get("/hobbies/", HTTP_ACCEPT_LANGUAGE="fi-FI,fi;q=0.9")
    assert response.status_code == 200
    assert '<html lang="fi">' in response.content.decode()
    assert "Accept-Language" in response["Vary"]


def test_language_cookie_wins_over_browser(client, catalogue):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200


def test_prefixed_pages_are_not_redirected(client, catalogue):
    response = client.get("/en/hobbies/", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_api_is_not_redirected(client, catalogue):
    assert client.get("/api/v1/hobbies/", HTTP_ACCEPT_LANGUAGE="sv").status_code == 200


def test_switch_sets_cookie_and_keeps_page(client, catalogue):
    response = client.get("/language/en/", {"next": "/sv/hobbies/?q=b%C3%A4ndi"})
    assert response.status_code == 302
    assert response["Location"] == "/en/hobbies/?q=b%C3%A4ndi"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "no-cache" in response["Cache-Control"]


def test_switch_to_finnish_goes_unprefixed(client, catalogue):
    hobby = catalogue["band"]
    response = client.get("/language/fi/", {"next": f"/en/hobbies/{hobby.pk}/"})
    assert response["Location"] == f"/hobbies/{hobby.pk}/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fi"
    followed = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert followed.status_code == 200


def test_switch_rejects_unknown_language(client):
    response = client.get("/language/de/", {"next": "/"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "”de”" in content
    assert "fi, sv tai en" in content


def test_switch_ignores_next_to_another_site(client):
    response = client.get("/language/sv/", {"next": "https://example.org/"})
    assert response["Location"] == "/sv/"


def test_every_page_links_each_language(client, catalogue):
    hobby = catalogue["football"]
    content = client.get(f"/sv/hobbies/{hobby.pk}/").content.decode()
    assert f'href="/language/fi/?next=%2Fhobbies%2F{hobby.pk}%2F"' in content
    assert f'href="/language/en/?next=%2Fen%2Fhobbies%2F{hobby.pk}%2F"' in content
    assert 'lang="sv" hreflang="sv"' in content
    assert "Fotbollsklubben Bollen" in content


def test_content_falls_back_in_project_order(client, catalogue):
    content = client.get("/sv/hobbies/").content.decode()
    assert "Fotbollsklubben Bollen" in content
    assert "Karatekoulu" in content  # no Swedish name, so the Finnish one


def test_filter_words_are_consistent_in_finnish(client, catalogue):
    content = client.get("/hobbies/?day=8").content.decode()

    assert "Suodattimet" in content
    assert "Kaikkia suodattimia ei käytetty" in content
    assert "Suotim" not in content


def test_script_fetch_is_not_redirected(client, catalogue):
    """The service worker caches /offline/ and /favourites/ with fetch(), so it must get the
    Finnish pages whatever the browser's language."""
    response = client.get("/offline/", HTTP_ACCEPT_LANGUAGE="en", HTTP_SEC_FETCH_MODE="same-origin")
    assert response.status_code == 200
    assert '<html lang="fi">' in response.content.decode()
    assert "Accept-Language" in response["Vary"]
    # The page is cacheable, so a cache must not give this Finnish page to a navigation.
    assert "Sec-Fetch-Mode" in response["Vary"]


def test_navigation_is_redirected(client, catalogue):
    response = client.get("/offline/", HTTP_ACCEPT_LANGUAGE="en", HTTP_SEC_FETCH_MODE="navigate")
    assert response.status_code == 302
    assert response["Location"] == "/en/offline/"
    assert "Sec-Fetch-Mode" in response["Vary"]
