"""Helpers of the v1 serializers: the representation options of a request and the
conversion of domain validation errors into DRF errors."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from accounts.access import roles_of
from core.i18n import translated_value


@dataclass
class Options:
    """How to represent objects for one request.

    `language` picks the `name` of translated content (v1 returns Finnish unless `lang` is
    given). `includes` holds the contract's include= values. `distances` maps ids to
    metres for nearest ordering.
    """

    request: object = None
    language: str = "fi"
    includes: frozenset = frozenset()
    distances: dict = field(default_factory=dict)
    category_images: list | None = None

    @property
    def user(self):
        return getattr(self.request, "user", None)

    @property
    def roles(self):
        return roles_of(self.user)

    def text(self, obj, field_name):
        return translated_value(obj, field_name, self.language)

    def absolute_url(self, file_field):
        if not file_field:
            return None
        url = file_field.url
        return self.request.build_absolute_uri(url) if self.request is not None else url

    def distance(self, pk):
        distance = self.distances.get(pk)
        return None if distance is None else round(distance)


def options_of(serializer):
    return serializer.context.get("options") or Options(request=serializer.context.get("request"))


def raise_as_drf(error, field_names=None):
    """Re-raise a Django ValidationError as a DRF one, keeping each message's code.

    `field_names` renames model fields to their API names.
    """
    field_names = field_names or {}
    if hasattr(error, "error_dict"):
        detail = {}
        for name, items in error.error_dict.items():
            key = field_names.get(name, name)
            if key == "__all__":
                key = "non_field_errors"
            detail.setdefault(key, [])
            for item in items:
                detail[key] += [ErrorDetail(message, code=item.code) for message in item.messages]
    else:
        detail = {
            "non_field_errors": [
                ErrorDetail(message, code=item.code) for item in error.error_list for message in item.messages
            ]
        }
    raise serializers.ValidationError(detail) from None


def run_service(function, *args, field_names=None, **kwargs):
    """Call a service function, turning its Django ValidationError into a DRF one."""
    try:
        return function(*args, **kwargs)
    except DjangoValidationError as error:
        raise_as_drf(error, field_names)


def local_date_time(moment):
    from hobbies.timeutils import to_local

    local = to_local(moment)
    return local.date().isoformat(), local.time().replace(tzinfo=None, microsecond=0).isoformat()
