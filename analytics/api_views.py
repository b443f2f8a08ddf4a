"""Public endpoints: event ingestion, the event JSON Schema and the national open data."""

import json
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from core.i18n import normalise_language

from . import ratelimit
from .exports import report_csv, report_json
from .ingestion import BatchError, ingest_batch
from .months import Month
from .reports import build_report
from .schema import json_schema
from .snapshots import NATIONAL

# 100 events of a few hundred bytes each fit well within this.
MAX_BODY_BYTES = 128 * 1024


def in_request_language(view):
    """Run the view in the language of `?lang=` or Accept-Language.

    LocaleMiddleware gives every path outside i18n_patterns the default language (because
    the site does not prefix Finnish URLs), so API clients would otherwise get Finnish.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = normalise_language(request.GET.get("lang")) or translation.get_language_from_request(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response

    return wrapper


def error_response(error):
    response = JsonResponse(error.as_json(), status=error.status)
    if error.code == "rate_limited":
        response["Retry-After"] = str(error.params["seconds"])
    return response


@csrf_exempt  # public and cookie-less: there is no session to forge a request for
@require_POST
@in_request_language
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
    except (ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError: arrays or objects nested thousands deep, which no batch needs.
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


OPEN_DATA_SECONDS = 600


def national_report(month_text):
    """Return the national report of a month that has started, or None; cached briefly per language."""
    try:
        month = Month.parse(month_text)
    except ValueError:
        return None
    if month > Month.current():
        return None
    key = f"analytics:national:{month}:{translation.get_language()}"
    report = cache.get(key)
    if report is None:
        report = build_report(month, NATIONAL, scope_name=gettext("Finland"))
        cache.set(key, report, OPEN_DATA_SECONDS)
    return report


def not_found(month_text):
    message = gettext("There is no report for the month “%(month)s”: use a month that has started, as YYYY-MM.")
    return JsonResponse({"code": "not_found", "message": message % {"month": month_text}}, status=404)


@require_GET
@in_request_language
def national_json(request, month):
    """Return the national aggregates of a month as open data, with suppressed counts as null."""
    report = national_report(month)
    if report is None:
        return not_found(month)
    response = JsonResponse(report_json(report), json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=OPEN_DATA_SECONDS)
    return response


@require_GET
@in_request_language
def national_csv(request, month):
    report = national_report(month)
    if report is None:
        return not_found(month)
    response = HttpResponse(report_csv(report, private_sections=False), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="harrastuspassi-national-{month}.csv"'
    patch_cache_control(response, public=True, max_age=OPEN_DATA_SECONDS)
    return response
