"""Views served from the site root for the installable app: the service worker, the web
app manifest, the offline list of places and the language switch."""

import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path, override
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from core.i18n import normalise_language
from places.models import Municipality, PostalCode

from .views import conditional_get

# Static files that every page needs; the service worker caches them when it installs.
SHELL_FILES = (
    "youth/app.css",
    "youth/app.js",
    "analytics/analytics.js",
    "youth/icons/icon-192.png",
    "youth/icons/favicon-32.png",
)
ICON_SIZES = (192, 512)
COORDINATE_DECIMALS = 4
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600
_service_worker_cache = {}


def _page_urls(name):
    """Return {language: path} of a youth page in every language."""
    urls = {}
    for code, _name in settings.LANGUAGES:
        with override(code):
            urls[code] = reverse(name)
    return urls


def _offline_urls():
    return _page_urls("youth:offline")


def _precached_page_urls():
    """Return the pages cached at install besides the offline pages. Favourites live on the
    device, so their page must open offline even before the pupil has visited it online."""
    return list(_page_urls("youth:favourites").values())


def _shell_version(shell_urls, source):
    """Return a hash of the worker's own text and the shell files' contents, so that any
    change installs a new worker, which replaces the cached shell."""
    digest = hashlib.sha256(source.encode("utf-8"))
    for url, path in zip(shell_urls, SHELL_FILES, strict=True):
        digest.update(url.encode("utf-8"))
        found = finders.find(path)
        if found:
            with open(found, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:16]


def service_worker_text():
    cached = _service_worker_cache.get("text")
    if cached and not settings.DEBUG:
        return cached
    shell_urls = [static(path) for path in SHELL_FILES]
    context = {
        "shell_json": json.dumps(shell_urls),
        "offline_json": json.dumps(_offline_urls()),
        "precached_pages_json": json.dumps(_precached_page_urls()),
        "languages_json": json.dumps([code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]),
        "place_index_url": reverse("youth_root:place-index"),
        "static_prefix": settings.STATIC_URL,
        "media_prefix": settings.MEDIA_URL,
        "thumbnail_prefix": reverse("youth_root:thumbnail", args=["hobby", 1, "x", 160]).split("hobby/")[0],
    }
    source = render_to_string("youth/sw.js", {**context, "version": ""})
    text = render_to_string("youth/sw.js", {**context, "version": _shell_version(shell_urls, source)})
    _service_worker_cache["text"] = text
    return text


@require_GET
def service_worker(request):
    response = HttpResponse(service_worker_text(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # Browsers check for a new worker at least daily; no-cache makes every check reach us.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
@cache_control(public=True, max_age=86400)
def manifest(request):
    """Return the web app manifest in the language of `?lang=` (Finnish by default)."""
    language = normalise_language(request.GET.get("lang")) or settings.LANGUAGE_CODE
    with override(language):
        start_url = reverse("youth:home")
        data = {
            "name": "Harrastuspassi",
            "short_name": "Harrastuspassi",
            "description": _("Find a hobby near you: schedules, trial sessions and free tries for pupils in grades 7 to 9."),
            "lang": language,
            "dir": "ltr",
            # One id for every language's manifest, so that the app installed from a Swedish
            # page and from a Finnish page is the same app.
            "id": "/",
            "start_url": start_url,
            "scope": "/",
            "display": "standalone",
            "orientation": "portrait",
            "background_color": "#ffffff",
            "theme_color": "#0b5394",
            "icons": [
                {"src": static(f"youth/icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
                for size in ICON_SIZES
            ]
            + [{"src": static("youth/icons/maskable-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"}],
        }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def place_index_data():
    """Return the municipalities and postal codes with coordinates as compact lists."""
    municipalities = [
        [m.code, m.name_fi or "", m.name_sv or "", m.name_en or "", round(m.centre_latitude, COORDINATE_DECIMALS), round(m.centre_longitude, COORDINATE_DECIMALS)]
        for m in Municipality.objects.filter(is_active=True, centre_latitude__isnull=False, centre_longitude__isnull=False).order_by("code")
    ]
    postal_codes = [
        [code, name_fi or "", name_sv or "", municipality_code or "", round(latitude, COORDINATE_DECIMALS), round(longitude, COORDINATE_DECIMALS)]
        for code, name_fi, name_sv, municipality_code, latitude, longitude in PostalCode.objects.order_by("code").values_list(
            "code", "name_fi", "name_sv", "municipality__code", "latitude", "longitude"
        )
    ]
    return {
        "format": 1,
        "municipality_fields": ["code", "name_fi", "name_sv", "name_en", "latitude", "longitude"],
        "postal_code_fields": ["code", "name_fi", "name_sv", "municipality", "latitude", "longitude"],
        "municipalities": municipalities,
        "postal_codes": postal_codes,
    }


@require_GET
@cache_control(public=True, max_age=86400)
@conditional_get
def place_index(request):
    """Serve the offline place list. The ETag is the hash of the body, so the service
    worker's revalidation costs a 304 while nothing changed."""
    body = json.dumps(place_index_data(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    return response


@never_cache
@require_GET
def switch_language(request, code):
    """Remember the chosen language in the language cookie and go to `next` in it."""
    language = normalise_language(code)
    if language is None or language != code:
        return HttpResponseBadRequest(
            _("Language: “%(value)s” is not available; choose fi, sv or en.") % {"value": code[:10]},
            content_type="text/plain; charset=utf-8",
        )
    next_url = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    # translate_url resolves the path in the active language, which is that of its prefix.
    with override(get_language_from_path(next_url.split("?")[0]) or settings.LANGUAGE_CODE):
        target = translate_url(next_url, language)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=LANGUAGE_COOKIE_MAX_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
