"""Serializer fields for the v1 wire formats: GeoJSON points, base64 or multipart images,
references by id and checked text."""

import base64
import binascii
import re
import unicodedata

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.relations import MANY_RELATION_KWARGS

from core.images import validate_image
from places.models import clean_coordinates

from . import errors
from .params import MAX_DATABASE_INTEGER

DATA_URI = re.compile(r"^data:[^;,]*(;[^,]*)?,", re.IGNORECASE)
HTTP_URL = re.compile(r"^https?://", re.IGNORECASE)
INTEGER_TEXT = re.compile(r"^[+-]?[0-9]+$")


class CLEAR:
    """Marker for "remove the current image" (a null cover_image in the request)."""


def _as_drf_errors(error):
    return [ErrorDetail(message, code=item.code) for item in error.error_list for message in item.messages]


POINT_SCHEMA = {
    "type": "object",
    "nullable": True,
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
    },
    "example": {"type": "Point", "coordinates": [24.9384, 60.1699]},
}


@extend_schema_field(POINT_SCHEMA)
class GeoPointField(serializers.Field):
    """A GeoJSON Point, {"type": "Point", "coordinates": [longitude, latitude]}, or null.

    The internal value is a (latitude, longitude) pair or None.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def _invalid(self):
        message = errors.message("invalid_coordinates").messages[0]
        return serializers.ValidationError(ErrorDetail(message, code="invalid_coordinates"))

    def to_internal_value(self, data):
        if not isinstance(data, dict) or data.get("type") != "Point":
            raise self._invalid()
        coordinates = data.get("coordinates")
        if (
            not isinstance(coordinates, list | tuple)
            or len(coordinates) != 2
            or not all(isinstance(value, int | float) and not isinstance(value, bool) for value in coordinates)
        ):
            raise self._invalid()
        try:
            longitude, latitude = float(coordinates[0]), float(coordinates[1])
        except OverflowError:
            # An int too large for a float is far outside any coordinate range.
            raise self._invalid() from None
        try:
            clean_coordinates(latitude, longitude)
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                [
                    ErrorDetail(message, code=item.code)
                    for items in error.error_dict.values()
                    for item in items
                    for message in item.messages
                ]
            ) from None
        return latitude, longitude

    def to_representation(self, value):
        return point_data(*value) if value else None


def point_data(latitude, longitude):
    if latitude is None or longitude is None:
        return None
    return {"type": "Point", "coordinates": [longitude, latitude]}


@extend_schema_field(OpenApiTypes.STR)
class ImageField(serializers.Field):
    """A cover image: base64 (bare or as a data URI) in JSON, or a file in multipart form data.

    The internal value is a validated ContentFile, or CLEAR for null. Reading gives the
    absolute URL of the stored file.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        if data is None or data == "":
            return True, CLEAR
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if isinstance(data, str) and HTTP_URL.match(data.strip()):
            self._skip_current_url(data.strip())
        if isinstance(data, UploadedFile):
            content = data.read(self._max_bytes() + 1)
        elif isinstance(data, str):
            text = DATA_URI.sub("", data.strip(), count=1)
            try:
                content = base64.b64decode("".join(text.split()), validate=True)
            except (binascii.Error, ValueError):
                raise serializers.ValidationError(
                    ErrorDetail(errors.message("invalid_base64").messages[0], code="invalid_base64")
                ) from None
        else:
            raise serializers.ValidationError(
                ErrorDetail(errors.message("invalid_base64").messages[0], code="invalid_base64")
            )
        try:
            return validate_image(content)
        except DjangoValidationError as error:
            raise serializers.ValidationError(_as_drf_errors(error)) from None

    def _skip_current_url(self, url):
        """Keep the current image when a client sends back the URL it read, and reject any
        other URL. SkipField leaves the key out of the validated data."""
        instance = getattr(self.parent, "instance", None)
        if instance is not None and url == self.parent.to_representation(instance).get(self.field_name):
            raise serializers.SkipField
        raise serializers.ValidationError(
            ErrorDetail(errors.message("image_url").messages[0], code="image_url")
        )

    def _max_bytes(self):
        from django.conf import settings

        return settings.MAX_UPLOAD_IMAGE_BYTES

    def to_representation(self, value):
        if not value:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(value.url) if request else value.url


# --- References by id --------------------------------------------------------------------


def parse_id(value):
    """Return `value` as an int, or None when it is not a whole number.

    JSON numbers with a fraction (1.5) and booleans are not ids, although Python would
    truncate or count them as 1.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and INTEGER_TEXT.match(value.strip()):
        return int(value.strip())
    if isinstance(value, int):
        return value
    return None


class ReferenceListField(serializers.ManyRelatedField):
    """A list of references with at most `max_length` items."""

    def __init__(self, *args, max_length=None, **kwargs):
        self.max_length = max_length
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data):
        if self.max_length is not None and isinstance(data, list | tuple) and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)

    default_error_messages = {
        **serializers.ManyRelatedField.default_error_messages,
        "max_length": serializers.ListField.default_error_messages["max_length"],
    }


class ReferenceField(serializers.PrimaryKeyRelatedField):
    """The id of a related object that the caller may use.

    `usable(user)` returns the queryset the caller may choose from. An id outside it gets the
    same message (`unknown_code`) as an id that does not exist, so a response never reveals
    whether another provider's or an unpublished object exists.

    The object that the instance refers to already (its attribute `current`, such as
    "provider_id") is accepted unchecked. So a client that sends back what it read does not
    fail on a reference it did not change, and a moderator may keep a hobby's organizer from
    another municipality.
    """

    def __init__(self, *, unknown_code, usable=None, current=None, **kwargs):
        self.unknown_code = unknown_code
        self.usable = usable
        self.current = current
        super().__init__(**kwargs)

    @classmethod
    def many_init(cls, *args, max_length=None, **kwargs):
        list_kwargs = {key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS}
        return ReferenceListField(child_relation=cls(*args, **kwargs), max_length=max_length, **list_kwargs)

    def _serializer(self):
        return self.parent.parent if isinstance(self.parent, serializers.ManyRelatedField) else self.parent

    def unknown(self, value):
        message = errors.message(self.unknown_code, value=value).messages[0]
        return serializers.ValidationError(ErrorDetail(message, code="does_not_exist"))

    def to_internal_value(self, data):
        # A hobby read with include=location_detail contains the location as an object, and a
        # client may send it back as it read it.
        if isinstance(data, dict) and "id" in data:
            data = data["id"]
        pk = parse_id(data)
        if pk is None:
            message = errors.message("invalid_id", value=data).messages[0]
            raise serializers.ValidationError(ErrorDetail(message, code="invalid_id"))
        if not 0 < pk <= MAX_DATABASE_INTEGER:
            raise self.unknown(pk)

        instance = getattr(self._serializer(), "instance", None)
        if self.current and instance is not None and getattr(instance, self.current) == pk:
            current = self.get_queryset().filter(pk=pk).first()
            if current is not None:
                return current

        queryset = self.get_queryset()
        if self.usable is not None:
            request = self.context.get("request")
            queryset = queryset.filter(self.usable(getattr(request, "user", None)))
        found = queryset.filter(pk=pk).first()
        if found is None:
            raise self.unknown(pk)
        return found


# --- Text ---------------------------------------------------------------------------------

# Letters that render as blank space although Unicode does not class them as spaces.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
ALLOWED_CONTROL_CHARACTERS = frozenset("\t\n\r")


def is_invisible(text):
    """Return True when `text` shows nothing: only spaces, format and control characters,
    lone combining marks and blank letters."""
    return all(
        character in BLANK_LETTERS or unicodedata.category(character) in INVISIBLE_CATEGORIES for character in text
    )


class TextField(serializers.CharField):
    """A CharField that treats invisible-only text as blank and rejects control characters
    other than tab, line feed and carriage return."""

    def run_validation(self, data=serializers.empty):
        if isinstance(data, str) and is_invisible(data):
            data = ""
        return super().run_validation(data)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        for character in value:
            if unicodedata.category(character) == "Cc" and character not in ALLOWED_CONTROL_CHARACTERS:
                message = errors.message("control_character", code_point=f"{ord(character):04X}").messages[0]
                raise serializers.ValidationError(ErrorDetail(message, code="control_character"))
        return value
