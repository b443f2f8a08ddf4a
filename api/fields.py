"""Serializer fields for the v1 wire formats: GeoJSON points and base64 or multipart images."""

import base64
import binascii
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from core.images import validate_image
from places.models import clean_coordinates

from . import errors

DATA_URI = re.compile(r"^data:[^;,]*(;[^,]*)?,", re.IGNORECASE)


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
        longitude, latitude = float(coordinates[0]), float(coordinates[1])
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

    def _max_bytes(self):
        from django.conf import settings

        return settings.MAX_UPLOAD_IMAGE_BYTES

    def to_representation(self, value):
        if not value:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(value.url) if request else value.url
