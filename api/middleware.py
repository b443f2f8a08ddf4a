"""Request and response handling that the API needs outside its views.

- A write (any method but GET and HEAD) to an API URL without its trailing slash is served
  as if the slash were there. Django's APPEND_SLASH can only redirect, which loses the body
  (a client re-sends a 301 as a GET) and raises RuntimeError under DEBUG.
- An error response under the API prefixes that is not JSON is replaced by the API's JSON
  error body. Such responses are Django's 404 page for an unknown URL, its 400 page for a
  request it rejected before the view, and its 500 page.
"""

from django.http import JsonResponse
from django.urls import is_valid_path
from django.utils import translation
from rest_framework import exceptions, status

from . import errors
from .exceptions import CODES_KEY
from .language import request_language

API_PREFIXES = ("/api/", "/mobile-api/", "/auth/")
READ_METHODS = ("GET", "HEAD")


def is_api_path(path):
    return path.startswith(API_PREFIXES)


def _error_detail(status_code):
    """Return (message, code) for an error response that the API's views did not produce."""
    if status_code == status.HTTP_404_NOT_FOUND:
        return str(exceptions.NotFound.default_detail), exceptions.NotFound.default_code
    if status_code == status.HTTP_403_FORBIDDEN:
        return str(exceptions.PermissionDenied.default_detail), exceptions.PermissionDenied.default_code
    if status_code >= status.HTTP_500_INTERNAL_SERVER_ERROR:
        return errors.message("server_error").messages[0], "server_error"
    return errors.message("bad_request").messages[0], "bad_request"


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api_path(request.path_info):
            return self.get_response(request)
        self._add_missing_slash(request)
        response = self.get_response(request)
        if response.status_code >= 400 and not _is_json(response):
            response = self._json_error(request, response)
        return response

    @staticmethod
    def _add_missing_slash(request):
        path = request.path_info
        if request.method in READ_METHODS or path.endswith("/"):
            return
        urlconf = getattr(request, "urlconf", None)
        if not is_valid_path(path, urlconf) and is_valid_path(f"{path}/", urlconf):
            request.path_info = f"{path}/"
            request.path = f"{request.path}/"

    @staticmethod
    def _json_error(request, response):
        language, _requested = request_language(request)
        with translation.override(language):
            message, code = _error_detail(response.status_code)
        replacement = JsonResponse({"detail": message, CODES_KEY: {"detail": [code]}}, status=response.status_code)
        for header in ("Allow", "Retry-After", "Vary"):
            if header in response:
                replacement[header] = response[header]
        return replacement


def _is_json(response):
    return response.get("Content-Type", "").split(";")[0].strip() == "application/json"
