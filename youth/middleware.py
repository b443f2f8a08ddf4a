"""Language of a first visit: an unprefixed (Finnish) youth page redirects to the language
that the language cookie or, without one, the browser's Accept-Language header prefers.

Only navigations are redirected. A script's fetch of an unprefixed page gets the Finnish page,
because the service worker caches the Finnish offline and favourites pages that way. A
redirect there would store another language's page under the Finnish address, and Chromium
rejects such a redirected response when the service worker serves it to a navigation."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path, get_language_from_request

VARY_HEADERS = ("Accept-Language", "Cookie", "Sec-Fetch-Mode")


def is_navigation(request):
    """Return whether the request loads a page into a tab rather than being a script's fetch.

    Current browsers send Sec-Fetch-Mode. A client without it (an old browser, a crawler) is
    treated as navigating.
    """
    return request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"


class PreferredLanguageMiddleware:
    """Redirect unprefixed youth pages to the preferred language's prefix.

    Only GET and HEAD navigations of the youth app are redirected; the API, the admin, the
    root files (service worker, manifest) and script fetches are left alone. The language
    switch sets the cookie, so a pupil who chooses Finnish stays on the unprefixed pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._applies(request):
            # The same unprefixed URL returns a page or a redirect depending on these headers.
            patch_vary_headers(response, VARY_HEADERS)
        return response

    def _applies(self, request):
        match = getattr(request, "resolver_match", None)
        return (
            match is not None
            and match.namespace == "youth"
            and request.method in ("GET", "HEAD")
            and get_language_from_path(request.path_info) is None
        )

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._applies(request) or not is_navigation(request):
            return None
        preferred = get_language_from_request(request)
        if preferred == settings.LANGUAGE_CODE:
            return None
        target = translate_url(request.get_full_path(), preferred)
        if target == request.get_full_path():
            return None
        response = HttpResponseRedirect(target)
        patch_vary_headers(response, VARY_HEADERS)
        response["Cache-Control"] = "private, no-cache"
        return response
