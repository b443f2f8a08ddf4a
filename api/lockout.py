"""The response to a sign-in of an account that django-axes has locked out.

After AXES_FAILURE_LIMIT failed sign-ins from one address, the account and address pair is
locked until AXES_COOLOFF_TIME has passed since the last failure. A locked-out caller gets
429 with the stable code `account_locked`, a translated message that gives the minutes
left, and Retry-After in seconds: as JSON under /api/, /mobile-api/ and /auth/ (JWT), and
as the sign-in page elsewhere.
"""

import datetime as dt
import math

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import ngettext
from rest_framework import status
from rest_framework.exceptions import APIException

from .language import request_language
from .middleware import is_api_path

LOCKED_CODE = "account_locked"


def remaining_lockout(request, credentials=None):
    """Return how long the lockout of this request's username and address still lasts."""
    cool_off = get_cool_off(request) or dt.timedelta(0)
    username = get_client_username(request, credentials)
    ip_address = getattr(request, "axes_ip_address", None)
    last_failure = (
        AccessAttempt.objects.filter(username=username, ip_address=ip_address)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    if last_failure is None:
        return cool_off
    return max(last_failure + cool_off - timezone.now(), dt.timedelta(0))


def lockout_message(remaining):
    minutes = max(1, math.ceil(remaining.total_seconds() / 60))
    return ngettext(
        "Too many failed sign-ins: the account is locked. Try again in %(minutes)s minute.",
        "Too many failed sign-ins: the account is locked. Try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}


def retry_after_seconds(remaining):
    return str(max(1, math.ceil(remaining.total_seconds())))


class AccountLocked(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = LOCKED_CODE

    def __init__(self, remaining):
        super().__init__(lockout_message(remaining), code=LOCKED_CODE)
        self.wait = remaining.total_seconds()


def lockout_response(request, original_response=None, credentials=None):
    """Return the response to a locked-out sign-in (django-axes' AXES_LOCKOUT_CALLABLE).

    The API responds in the language of `lang` or Accept-Language. A page uses the language
    of its URL like every other page: /sv/ and /en/, else Finnish.
    """
    remaining = remaining_lockout(request, credentials)
    if is_api_path(request.path):
        language, _requested = request_language(request)
    else:
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        message = lockout_message(remaining)
        if is_api_path(request.path):
            response = JsonResponse(
                {"detail": message, "error_codes": {"detail": [LOCKED_CODE]}}, status=status.HTTP_429_TOO_MANY_REQUESTS
            )
        else:
            context = {"locked_out_message": message}
            response = render(request, "portal/locked_out.html", context, status=status.HTTP_429_TOO_MANY_REQUESTS)
    response["Retry-After"] = retry_after_seconds(remaining)
    return response
