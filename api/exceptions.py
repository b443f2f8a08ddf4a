"""Error bodies of the open API.

The v1 shape is kept, so the original clients keep working: a 400 body maps each field
(or `non_field_errors`, or the query parameter's name) to a list of messages, and 401, 403
and 404 bodies are {"detail": message}. One key is added to every error body:
`error_codes`, which maps the same keys to lists of stable machine codes in the same
order, for example {"price_amount": ["Hinta ei voi…"], "error_codes": {"price_amount":
["price_negative"]}}. Messages follow `lang` or Accept-Language (fi, sv, en).
"""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from .serializers.common import raise_as_drf

logger = logging.getLogger(__name__)

CODES_KEY = "error_codes"


def _codes(detail, codes):
    if isinstance(codes, dict):
        return {key: _codes(detail.get(key) if isinstance(detail, dict) else None, value) for key, value in codes.items()}
    if isinstance(codes, list):
        return codes
    return [codes]


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        try:
            raise_as_drf(exc)
        except exceptions.ValidationError as converted:
            exc = converted
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    data = response.data
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    if isinstance(data, list):
        data = {"non_field_errors": data}
        codes = {"non_field_errors": codes if isinstance(codes, list) else [codes]}
    if isinstance(data, dict):
        if isinstance(codes, str):
            codes = {key: [codes] for key in data}
        data[CODES_KEY] = _codes(data, codes) if codes is not None else {}
        response.data = data
    return response
