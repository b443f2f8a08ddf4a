"""Error pages are translated, use the app's layout and link back. The 400 and 500 pages need no context."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults

from core import testing
from youth import error_views

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "language", "heading", "home"),
    [
        ("/hobbies/999999/", "fi", "Sivua ei löytynyt", 'href="/"'),
        ("/sv/hobbies/999999/", "sv", "Sidan hittades inte", 'href="/sv/"'),
        ("/en/promotions/999/", "en", "Page not found", 'href="/en/"'),
    ],
)
def test_missing_page_is_translated_with_way_home(client, path, language, heading, home):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)

    content = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}">' in content
    assert f"<h1>{heading}</h1>" in content
    assert home in content
    assert 'class="site-header"' in content
    assert "The requested resource was not found" not in content


def test_missing_portal_page_uses_portal_layout(client):
    response = client.get("/en/portal/no-such-page/")

    content = response.content.decode()
    assert response.status_code == 404
    assert 'class="portal-header"' in content
    assert "<h1>Page not found</h1>" in content
    assert 'href="/en/portal/"' in content


@pytest.mark.parametrize(
    ("view", "status", "language", "heading"),
    [
        (defaults.server_error, 500, "fi", "Jokin meni vikaan"),
        (defaults.server_error, 500, "sv", "Något gick fel"),
        (defaults.server_error, 500, "en", "Something went wrong"),
        (defaults.bad_request, 400, "sv", "Ogiltig begäran"),
    ],
)
def test_context_free_error_page_is_translated(view, status, language, heading):
    """Django renders the 400 and 500 pages without a request context, as after a crash."""
    request = RequestFactory().get("/")
    with translation.override(language):
        response = view(request) if view is defaults.server_error else view(request, ValueError("bad"))
        home = "/" if language == "fi" else f"/{language}/"

    content = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}">' in content
    assert f"<h1>{heading}</h1>" in content
    assert f'href="{home}"' in content
    assert "/static/youth/app.css" in content


def test_forbidden_page_is_translated():
    request = RequestFactory().get("/sv/favourites/")
    with translation.override("sv"):
        response = error_views.permission_denied(request, PermissionDenied())

    content = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Ingen åtkomst</h1>" in content


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/portal/no-such-page/", "Sivua ei löytynyt"), ("/sv/portal/hobbies/999999/", "Sidan hittades inte")],
)
def test_signed_in_staff_get_portal_error_page(client, provider, path, heading):
    client.force_login(testing.make_member(provider))

    response = client.get(path)

    content = response.content.decode()
    assert response.status_code == 404
    assert 'class="portal-header"' in content
    assert 'class="portal-nav"' in content
    assert f"<h1>{heading}</h1>" in content


@pytest.mark.parametrize(
    ("path", "language", "heading", "advice"),
    [
        ("/promotions/{pk}/use/", "fi", "Lomake vanheni", "Lataa sivu uudelleen"),
        ("/sv/promotions/{pk}/use/", "sv", "Formuläret gick ut", "Ladda om sidan"),
    ],
)
def test_csrf_failure_page_in_youth_layout(path, language, heading, advice, provider, location):
    """A form posted without its CSRF cookie (cookies blocked, or a page kept too long) gets
    the youth layout in the page's language, not Django's technical page."""
    from django.test import Client

    promotion = testing.make_promotion(provider, location)
    response = Client(enforce_csrf_checks=True).post(path.format(pk=promotion.pk))

    content = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{language}">' in content
    assert f"<h1>{heading}</h1>" in content
    assert advice in content
    assert "/static/youth/app.css" in content
