"""Public endpoints: event ingestion, the event JSON Schema and the national open data."""

import json
import logging

from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import ratelimit
from .ingestion import BatchError, ingest_batch
from .schema import json_schema

logger = logging.getLogger(__name__)

# 100 events of a few hundred bytes each fit well within this.
MAX_BODY_BYTES = 128 * 1024


def error_response(error):
    response = JsonResponse(error.as_json(), status=error.status)
    if error.code == "rate_limited":
        response["Retry-After"] = str(error.params["seconds"])
    return response


@csrf_exempt  # public and cookie-less: there is no session to forge a request for
@require_POST
def post_events(request):
    """Store a batch of events; the body is JSON sent as application/json or text/plain.

    text/plain keeps a cross-origin POST a CORS "simple request", which needs no preflight
    and is what navigator.sendBeacon can send.
    """
    wait = ratelimit.check_rate(ratelimit.client_address(request))
    if wait:
        return error_response(BatchError("rate_limited", status=429, seconds=wait))
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    if size > MAX_BODY_BYTES:
        return error_response(BatchError("payload_too_large", status=413, size=size, max=MAX_BODY_BYTES))
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return error_response(BatchError("invalid_json"))
    try:
        result = ingest_batch(payload, now=timezone.now())
    except BatchError as error:
        return error_response(error)
    return JsonResponse(result.as_json())


@require_GET
def event_schema(request):
    response = JsonResponse(json_schema(request.build_absolute_uri()), json_dumps_params={"indent": 2})
    patch_cache_control(response, public=True, max_age=3600)
    return response
