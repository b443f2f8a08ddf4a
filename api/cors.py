"""Cross-origin access to the API (CORS).

Two kinds of origin are served differently:
- Any origin in CORS_READ_ORIGINS ("*", the default, means every origin) may read: GET and
  HEAD under /api/ and /mobile-api/, without cookies. The response allows "*" (or the origin
  when the list is explicit), so public apps and sites can show hobbies. Preflight allows
  these origins only GET and HEAD, but they may read the response of any request that
  needs no preflight, such as the anonymous analytics batches of /api/analytics/. Without
  cookies such a request has no more rights than one sent from a server.
- Origins in CORS_WRITE_ORIGINS (empty by default), such as the provider web UI served from
  its own host, may also write (POST, PUT, PATCH, DELETE) and call /auth/token/ and
  /auth/token/refresh/, with credentials. The response names the origin and allows
  cookies, so GET /auth/token/ can read the session of /accounts/login/.
Every other cross-origin request gets no CORS headers, so browsers keep its response from
the calling page. django-cors-headers cannot express this, because it allows credentials
and methods for all allowed origins alike.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

READ_PREFIXES = ("/api/", "/mobile-api/")
WRITE_ONLY_PREFIXES = ("/auth/token/",)
READ_METHODS = ("GET", "HEAD")
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
ALLOWED_HEADERS = (
    "accept",
    "accept-language",
    "authorization",
    "content-type",
    "if-modified-since",
    "if-none-match",
    "x-csrftoken",
    "x-requested-with",
)
EXPOSED_HEADERS = ("ETag", "Last-Modified", "Retry-After")
PREFLIGHT_MAX_AGE_SECONDS = 86400


def _is_read_origin(origin):
    allowed = settings.CORS_READ_ORIGINS
    return "*" in allowed or origin in allowed


class CorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        origin = request.headers.get("Origin")
        if not origin or not path.startswith(READ_PREFIXES + WRITE_ONLY_PREFIXES):
            return self.get_response(request)

        trusted = origin in settings.CORS_WRITE_ORIGINS
        readable = path.startswith(READ_PREFIXES) and _is_read_origin(origin)
        requested_method = request.headers.get("Access-Control-Request-Method")
        if request.method == "OPTIONS" and requested_method:
            response = HttpResponse(status=200)
            del response["Content-Type"]
            if trusted:
                self._allow_credentials(response, origin)
                response["Access-Control-Allow-Methods"] = ", ".join((*READ_METHODS, *WRITE_METHODS, "OPTIONS"))
            elif readable and requested_method.upper() in READ_METHODS:
                self._allow_reading(response, origin)
                response["Access-Control-Allow-Methods"] = ", ".join((*READ_METHODS, "OPTIONS"))
            if response.has_header("Access-Control-Allow-Origin"):
                response["Access-Control-Allow-Headers"] = ", ".join(ALLOWED_HEADERS)
                response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE_SECONDS)
            patch_vary_headers(response, ("Origin",))
            return response

        response = self.get_response(request)
        if trusted:
            self._allow_credentials(response, origin)
        elif readable:
            self._allow_reading(response, origin)
        if response.has_header("Access-Control-Allow-Origin"):
            response["Access-Control-Expose-Headers"] = ", ".join(EXPOSED_HEADERS)
        # The headers differ by origin, so a shared cache must keep one copy per origin.
        patch_vary_headers(response, ("Origin",))
        return response

    @staticmethod
    def _allow_credentials(response, origin):
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Credentials"] = "true"

    @staticmethod
    def _allow_reading(response, origin):
        response["Access-Control-Allow-Origin"] = "*" if "*" in settings.CORS_READ_ORIGINS else origin
