"""Error bodies of the open API.

The v1 shape is kept, so the original clients keep working: a 400 body maps each field
(or `non_field_errors`, or the query parameter's name) to a list of messages, and 401, 403
and 404 bodies are {"detail": message}. One key is added to every error body:
`error_codes`, which maps the same keys to lists of stable machine codes in the same
order, for example {"price_amount": ["Hinta ei voi…"], "error_codes": {"price_amount":
["price_negative"]}}. Messages follow `lang` or Accept-Language (fi, sv, en).
"""

import logging

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework_simplejwt.exceptions import DetailDictMixin

from . import errors
from .serializers.common import raise_as_drf

logger = logging.getLogger(__name__)

CODES_KEY = "error_codes"
# Django REST framework's message for a body of JSON null, which it does not mark for
# translation; it is replaced by the catalogue's "no_data" message.
DRF_NO_DATA_MESSAGE = "No data provided"


def _codes(detail, codes):
    if isinstance(codes, dict):
        return {key: _codes(detail.get(key) if isinstance(detail, dict) else None, value) for key, value in codes.items()}
    if isinstance(codes, list):
        return codes
    return [codes]


def _message(code, **params):
    return errors.message(code, **params).messages[0]


def _takes_image(context):
    serializer_class = getattr(context.get("view"), "serializer_class", None)
    return serializer_class is not None and "cover_image" in getattr(serializer_class, "_declared_fields", {})


def as_api_exception(exc, context):
    """Return the DRF exception that represents `exc`, or `exc` itself."""
    if isinstance(exc, DjangoValidationError):
        try:
            raise_as_drf(exc)
        except exceptions.ValidationError as converted:
            return converted
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, RequestDataTooBig):
        maximum = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if _takes_image(context):
            # Names and descriptions have length limits far below the body limit, so only an
            # image can make the body of a hobby or promotion this large.
            message = _message("image_body_too_large", max=maximum, image_max=settings.MAX_UPLOAD_IMAGE_BYTES)
            return exceptions.ValidationError({"cover_image": [ErrorDetail(message, code="body_too_large")]})
        return exceptions.ParseError(_message("body_too_large", max=maximum), code="body_too_large")
    if isinstance(exc, TooManyFieldsSent):
        message = _message("too_many_fields", max=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
        return exceptions.ParseError(message, code="too_many_fields")
    if isinstance(exc, TooManyFilesSent):
        message = _message("too_many_files", max=settings.DATA_UPLOAD_MAX_NUMBER_FILES)
        return exceptions.ParseError(message, code="too_many_files")
    return exc


def _translate_no_data(detail):
    items = detail.get("non_field_errors") if isinstance(detail, dict) else None
    for index, item in enumerate(items or []):
        if getattr(item, "code", None) == "null" and str(item) == DRF_NO_DATA_MESSAGE:
            items[index] = ErrorDetail(_message("no_data"), code="no_data")


def exception_handler(exc, context):
    exc = as_api_exception(exc, context)
    if isinstance(exc, exceptions.ValidationError):
        _translate_no_data(exc.detail)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    data = response.data
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    if isinstance(exc, DetailDictMixin) and isinstance(data, dict):
        # simplejwt adds `code` and `messages` (one entry per token class tried) beside
        # `detail`. Its own `code` is the machine code of the whole error.
        codes = {"detail": [str(data.get("code", exc.default_code))]}
    if isinstance(data, list):
        data = {"non_field_errors": data}
        codes = {"non_field_errors": codes if isinstance(codes, list) else [codes]}
    if isinstance(data, dict):
        if isinstance(codes, str):
            codes = {key: [codes] for key in data}
        data[CODES_KEY] = _codes(data, codes) if codes is not None else {}
        response.data = data
    return response
