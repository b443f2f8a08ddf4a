"""Body parsers of the open API: JSON, urlencoded and multipart form data.

They differ from Django REST framework's own parsers in what they reject, and in that every
rejection is a translated 400 with a stable code:
- JSON that is malformed, nested deeper than Python's recursion limit, or not UTF-8;
- urlencoded bodies whose percent-encoded bytes are not UTF-8 (Django would store them as
  U+FFFD), named by field;
- multipart text fields holding U+FFFD, the mark Django leaves where bytes were not UTF-8.
"""

import codecs
import json
import urllib.parse

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from rest_framework import exceptions, parsers
from rest_framework.exceptions import ErrorDetail
from rest_framework.parsers import get_encoding
from rest_framework.utils.json import strict_constant

from . import errors


def _message(code, **params):
    return errors.message(code, **params).messages[0]


def _field_error(name, code):
    return exceptions.ValidationError({name: [ErrorDetail(_message(code), code=code)]})


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        try:
            text = codecs.getreader(encoding)(stream).read()
        except UnicodeDecodeError:
            raise exceptions.ParseError(_message("invalid_utf8"), code="invalid_utf8") from None
        try:
            return json.loads(text, parse_constant=strict_constant if self.strict else None)
        except RecursionError:
            raise exceptions.ParseError(_message("json_too_deep"), code="json_too_deep") from None
        except json.JSONDecodeError as error:
            raise exceptions.ParseError(
                _message("invalid_json", line=error.lineno, column=error.colno), code="invalid_json"
            ) from None
        except ValueError:
            # strict_constant rejects NaN and Infinity with a plain ValueError.
            raise exceptions.ParseError(_message("invalid_json", line=1, column=1), code="invalid_json") from None


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        try:
            text = stream.read().decode("ascii")
        except UnicodeDecodeError:
            # Form data is percent-encoded ASCII, so raw bytes above 0x7F are malformed.
            raise exceptions.ParseError(_message("invalid_utf8"), code="invalid_utf8") from None
        # surrogateescape turns each byte that is not UTF-8 into a lone surrogate, which valid
        # UTF-8 never decodes to, so the fields that held such bytes can be named.
        try:
            pairs = urllib.parse.parse_qsl(
                text,
                keep_blank_values=True,
                encoding=encoding,
                errors="surrogateescape",
                max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
            )
        except ValueError:
            raise TooManyFieldsSent("The number of POST parameters exceeded DATA_UPLOAD_MAX_NUMBER_FIELDS.") from None
        data = QueryDict(mutable=True, encoding=encoding)
        for key, value in pairs:
            if _has_surrogate(key) or _has_surrogate(value):
                raise _field_error(_printable(key), "invalid_utf8")
            data.appendlist(key, value)
        data._mutable = False
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            result = super().parse(stream, media_type, parser_context)
        except exceptions.ParseError:
            raise exceptions.ParseError(_message("invalid_multipart"), code="invalid_multipart") from None
        for key, values in result.data.lists():
            if "\ufffd" in key or any("\ufffd" in value for value in values):
                raise _field_error(key, "replacement_character")
        return result


def _has_surrogate(text):
    return any("\ud800" <= character <= "\udfff" for character in text)


def _printable(text):
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
