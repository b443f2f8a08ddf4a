"""ETag and Last-Modified on read responses.

Every 200 response to a GET gets an ETag computed from its body. A client that sends
If-None-Match gets 304 without the body while the body is unchanged, and a deletion changes
the body. Details also honour If-Modified-Since. Lists send Last-Modified (the newest change
among their rows) for information but return the full list to If-Modified-Since, because a
deleted row leaves no timestamp behind.
"""

from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import http_date

VARY = ("Accept-Language", "Authorization", "Cookie")


def finish_conditional(request, response, last_modified=None, *, honour_if_modified_since=False):
    """Add ETag, Last-Modified and Vary to a 200 response; return a 304 when the request's
    conditions are met."""
    patch_vary_headers(response, VARY)
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    set_response_etag(response)
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified.timestamp())
    response.headers.setdefault("Cache-Control", "no-cache")
    return get_conditional_response(
        request,
        etag=response.headers.get("ETag"),
        last_modified=int(last_modified.timestamp()) if last_modified and honour_if_modified_since else None,
        response=response,
    )
