"""Serializers of hobby categories, hobbies and hobby events (sessions).

Reading builds plain dicts from prefetched rows (see api.views.catalogue for the querysets),
so a page costs a fixed number of queries whatever its size. The declared fields document
the wire format in the OpenAPI schema and validate writes.
"""

import datetime as dt

from django.db import transaction
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from accounts.access import can_edit, editable_q, usable_locations_q, usable_providers_q
from hobbies.models import (
    MAX_DESCRIPTION_LENGTH,
    Hobby,
    HobbyCategory,
    Language,
    clean_year,
    is_language_code,
)
from hobbies.services import MAX_REPEATS, create_sessions, save_hobby, save_session
from hobbies.timeutils import local_datetime, to_local, wall_time_exists
from places.models import Location
from providers.models import Provider

from .. import errors
from ..fields import CLEAR, ImageField, ReferenceField, TextField
from .common import local_date_time, options_of, run_service
from .places import default_provider_id, location_data, organizer_data

MAX_CATEGORIES = 50
MAX_LANGUAGES = 20

INCLUDE_LOCATION = "location_detail"
INCLUDE_ORGANIZER = "organizer_detail"
INCLUDE_HOBBY = "hobby_detail"
INCLUDE_CHILDREN = "child_categories"


# --- Categories --------------------------------------------------------------------------


def category_data(category, options, children=None):
    data = {
        "id": category.pk,
        "name": options.text(category, "name"),
        "name_fi": category.name_fi or "",
        "name_en": category.name_en or "",
        "name_sv": category.name_sv or "",
        "tree_id": category.tree_id,
        "level": category.level,
        "parent": category.parent_id,
    }
    if children is not None:
        data["child_categories"] = [
            category_data(child, options, children) for child in children.get(category.pk, [])
        ]
    return data


class CategorySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True, help_text="In the language of `lang`; Finnish otherwise.")
    name_fi = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    name_sv = serializers.CharField(read_only=True)
    tree_id = serializers.IntegerField(read_only=True)
    level = serializers.IntegerField(read_only=True)
    parent = serializers.IntegerField(read_only=True, allow_null=True)
    child_categories = serializers.ListField(
        child=serializers.DictField(), read_only=True, help_text="Only with include=child_categories."
    )

    def to_representation(self, instance):
        return category_data(instance, options_of(self), self.context.get("children"))


# --- Hobbies -----------------------------------------------------------------------------


def category_image_url(hobby, options):
    """Return the image of the hobby's most specific category (or ancestor) that has one."""
    if options.category_images is None:
        options.category_images = [
            (category.sort_key, category.cover_image)
            for category in HobbyCategory.objects.exclude(cover_image="").only("sort_key", "cover_image")
        ]
    best = None
    for category in hobby.categories.all():
        for sort_key, image in options.category_images:
            if category.sort_key == sort_key or category.sort_key.startswith(sort_key + "."):
                if best is None or len(sort_key) > len(best[0]):
                    best = (sort_key, image)
    return options.absolute_url(best[1]) if best else None


def hobby_data(hobby, options, *, nest_all=False, with_distance=False):
    includes = options.includes
    amount = hobby.price_amount
    data = {
        "id": hobby.pk,
        "name": options.text(hobby, "name"),
        "description": options.text(hobby, "description"),
        "categories": [category.pk for category in hobby.categories.all()],
        "location": hobby.location_id,
        "organizer": hobby.provider_id,
        "cover_image": options.absolute_url(hobby.cover_image) or category_image_url(hobby, options),
        "price_type": hobby.price_type,
        "price_amount": "0.00" if amount is None else f"{amount:.2f}",
        "price_amount_known": amount is not None,
        "permissions": {"can_edit": can_edit(options.user, hobby)},
        "municipality": (
            {"id": hobby.municipality_id, "name": options.text(hobby.municipality, "name")}
            if hobby.municipality_id
            else None
        ),
        "min_age": hobby.min_age,
        "max_age": hobby.max_age,
        "age_unspecified": hobby.min_age is None and hobby.max_age is None,
        "languages": [language.code for language in hobby.languages.all()],
        "status": hobby.status,
        "updated_at": hobby.updated_at.isoformat(),
    }
    if hobby.location_id and (nest_all or INCLUDE_LOCATION in includes):
        data["location"] = location_data(hobby.location, options)
    if hobby.provider_id and (nest_all or INCLUDE_ORGANIZER in includes):
        data["organizer"] = organizer_data(hobby.provider, options)
    if with_distance and hobby.pk in options.distances:
        data["distance"] = options.distance(hobby.pk)
    return data


class PermissionsSerializer(serializers.Serializer):
    can_edit = serializers.BooleanField(read_only=True)


class MunicipalitySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class HobbySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = TextField(max_length=1024)
    description = TextField(required=False, allow_blank=True, max_length=MAX_DESCRIPTION_LENGTH)
    categories = ReferenceField(
        many=True,
        queryset=HobbyCategory.objects.all(),
        unknown_code="unknown_category",
        required=False,
        max_length=MAX_CATEGORIES,
    )
    location = ReferenceField(
        queryset=Location.objects.all(),
        unknown_code="unknown_location",
        usable=usable_locations_q,
        current="location_id",
        required=False,
        allow_null=True,
        help_text="An id; an object with include=location_detail. A location of the caller's provider, of a "
        "municipality it moderates, or a shared imported place.",
    )
    organizer = ReferenceField(
        queryset=Provider.objects.all(),
        unknown_code="unknown_organizer",
        usable=usable_providers_q,
        current="provider_id",
        required=False,
        allow_null=True,
        help_text="An id; an object with include=organizer_detail. Defaults to the caller's provider "
        "when the caller belongs to exactly one.",
    )
    cover_image = ImageField(
        help_text="Read: an absolute URL or null. Write: base64 (bare or a data URI) in JSON, a file in "
        "multipart form data, or null to remove the image."
    )
    price_type = serializers.ChoiceField(choices=Hobby.PriceType.values, required=False)
    price_amount = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        required=False,
        help_text="A decimal string such as \"12.50\". \"0.00\" with price_amount_known false means "
        "the hobby costs money but the amount is not known.",
    )
    price_amount_known = serializers.BooleanField(read_only=True, help_text="Extension.")
    permissions = PermissionsSerializer(read_only=True)
    municipality = MunicipalitySerializer(read_only=True, allow_null=True)
    min_age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=99, help_text="Extension.")
    max_age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=99, help_text="Extension.")
    age_unspecified = serializers.BooleanField(
        read_only=True, help_text="Extension: true when the hobby gives neither a minimum nor a maximum age."
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=8),
        required=False,
        max_length=MAX_LANGUAGES,
        help_text="Extension: languages of instruction as ISO 639 codes, such as fi, sv, en or fse (Finnish "
        "Sign Language).",
    )
    status = serializers.CharField(read_only=True, help_text="Extension: published, draft or archived.")
    updated_at = serializers.DateTimeField(read_only=True, help_text="Extension.")
    distance = serializers.IntegerField(
        read_only=True, required=False, help_text="Extension: metres from the given point, with ordering=nearest."
    )

    def to_representation(self, instance):
        return hobby_data(instance, options_of(self), with_distance=True)

    def validate_languages(self, codes):
        cleaned = []
        for code in codes:
            code = code.strip().lower()
            if not code:
                continue
            if not is_language_code(code):
                raise serializers.ValidationError(
                    ErrorDetail(errors.message("unknown_language", value=code).messages[0], code="unknown_language")
                )
            cleaned.append(code)
        return cleaned

    def validate(self, attrs):
        hobby = self.instance
        if hobby is not None and hobby.price_amount is None and attrs.get("price_amount") == 0:
            # Reads show an unknown amount as "0.00" with price_amount_known false. That value
            # sent back with the same price type is no change, so the amount stays unknown.
            if attrs.get("price_type", hobby.price_type) == hobby.price_type:
                del attrs["price_amount"]
        return attrs

    def _apply(self, hobby, data):
        language = options_of(self).language
        for name in ("name", "description"):
            if name in data:
                setattr(hobby, f"{name}_{language}", data[name])
        for name in ("price_type", "price_amount", "min_age", "max_age", "location"):
            if name in data:
                setattr(hobby, name, data[name])
        if "organizer" in data:
            hobby.provider = data["organizer"]

    @transaction.atomic
    def _save(self, hobby, data):
        image = data.get("cover_image")
        codes = data.get("languages")
        languages = None if codes is None else [Language.objects.get_or_create(code=code)[0] for code in codes]
        try:
            return run_service(
                save_hobby,
                hobby,
                acting_user=options_of(self).user,
                categories=data.get("categories"),
                languages=languages,
                cover_image=None if image is CLEAR else image,
                clear_cover_image=image is CLEAR,
                field_names={"provider": "organizer"},
            )
        except Location.DoesNotExist:
            # Another request deleted the location after validation found it.
            raise serializers.ValidationError(
                {"location": self.fields["location"].unknown(hobby.location_id).detail}
            ) from None

    def create(self, validated_data):
        hobby = Hobby(status=Hobby.Status.PUBLISHED)
        self._apply(hobby, validated_data)
        if "organizer" not in validated_data:
            hobby.provider_id = default_provider_id(options_of(self).user)
        return self._save(hobby, validated_data)

    def update(self, instance, validated_data):
        self._apply(instance, validated_data)
        return self._save(instance, validated_data)


# --- Hobby events (sessions) ------------------------------------------------------------


def event_data(event, options):
    start_date, start_time = local_date_time(event.start_at)
    end_date, end_time = local_date_time(event.end_at)
    if INCLUDE_HOBBY in options.includes:
        hobby = hobby_data(event.hobby, options, nest_all=True)
    else:
        hobby = event.hobby_id
    data = {
        "id": event.pk,
        "hobby": hobby,
        "start_date": start_date,
        "end_date": end_date,
        "start_time": start_time,
        "end_time": end_time,
        "start_weekday": event.start_weekday,
        "data_source": event.data_source,
        "is_cancelled": event.is_cancelled,
    }
    if event.pk in options.distances:
        data["distance"] = options.distance(event.pk)
    return data


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="The web UI's random string ids are ignored.")
    hobby = ReferenceField(
        queryset=Hobby.objects.all(),
        unknown_code="unknown_editable_hobby",
        usable=editable_q,
        current="hobby_id",
        help_text="An id of a hobby the caller may change; the whole hobby with include=hobby_detail.",
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    start_time = serializers.TimeField(input_formats=["%H:%M", "%H:%M:%S"], help_text="Europe/Helsinki time.")
    end_time = serializers.TimeField(input_formats=["%H:%M", "%H:%M:%S"], help_text="Europe/Helsinki time.")
    start_weekday = serializers.IntegerField(read_only=True, help_text="ISO weekday, 1 = Monday … 7 = Sunday.")
    data_source = TextField(required=False, allow_blank=True, max_length=64)
    is_cancelled = serializers.BooleanField(read_only=True, help_text="Extension.")
    is_recurrent = serializers.BooleanField(write_only=True, required=False, default=False)
    recurrency_count = serializers.IntegerField(
        write_only=True,
        required=False,
        default=0,
        help_text="With is_recurrent, also create this many weekly copies (0 to 50).",
    )
    distance = serializers.IntegerField(
        read_only=True, required=False, help_text="Extension: metres from the given point, with ordering=nearest."
    )

    def to_representation(self, instance):
        return event_data(instance, options_of(self))

    def validate_recurrency_count(self, value):
        if not 0 <= value <= MAX_REPEATS:
            raise serializers.ValidationError(
                errors.message("repeat_count", value=value, max=MAX_REPEATS).messages[0], code="out_of_range"
            )
        return value

    def _moments(self, data, instance=None):
        current_start = to_local(instance.start_at) if instance else None
        current_end = to_local(instance.end_at) if instance else None
        start_date = data.get("start_date") or current_start.date()
        start_time = data.get("start_time") or current_start.time().replace(tzinfo=None)
        end_date = data.get("end_date") or current_end.date()
        end_time = data.get("end_time") or current_end.time().replace(tzinfo=None)
        # Check the years first, because local_datetime overflows near the ends of the calendar.
        run_service(clean_year, start_date, "start_date")
        run_service(clean_year, end_date, "end_date")
        _reject_nonexistent_times({"start_time": (start_date, start_time), "end_time": (end_date, end_time)})
        return local_datetime(start_date, start_time), local_datetime(end_date, end_time), start_date == end_date

    @staticmethod
    def _field_names(same_day):
        return {"start_at": "start_date", "end_at": "end_time" if same_day else "end_date"}

    def create(self, validated_data):
        start_at, end_at, same_day = self._moments(validated_data)
        repeats = validated_data["recurrency_count"] if validated_data.get("is_recurrent") else 0
        _reject_nonexistent_repeats(to_local(start_at), to_local(end_at), repeats)
        hobby = validated_data["hobby"]
        try:
            events = run_service(
                create_sessions,
                hobby,
                start_at,
                end_at,
                weekly_repeats=repeats,
                data_source=validated_data.get("data_source", ""),
                acting_user=options_of(self).user,
                field_names=self._field_names(same_day),
            )
        except Hobby.DoesNotExist:
            # Another request deleted the hobby after validation found it.
            raise serializers.ValidationError({"hobby": self.fields["hobby"].unknown(hobby.pk).detail}) from None
        return events[0]

    def update(self, instance, validated_data):
        start_at, end_at, same_day = self._moments(validated_data, instance)
        previous_hobby = instance.hobby
        instance.start_at, instance.end_at = start_at, end_at
        if "hobby" in validated_data:
            instance.hobby = validated_data["hobby"]
        if "data_source" in validated_data:
            instance.data_source = validated_data["data_source"]
        event = run_service(
            save_session, instance, acting_user=options_of(self).user, field_names=self._field_names(same_day)
        )
        if previous_hobby.pk != event.hobby_id:
            from hobbies.services import refresh_next_event

            refresh_next_event(previous_hobby)
        return event


def _reject_nonexistent_times(moments):
    """Raise a 400 when a wall-clock time falls in the spring-forward gap, which
    local_datetime would otherwise move an hour later without telling the client.

    `moments` maps field names to (date, time) pairs.
    """
    for field, (day, time_of_day) in moments.items():
        if not wall_time_exists(day, time_of_day):
            message = errors.message("nonexistent_time", date=day.isoformat(), time=time_of_day.strftime("%H:%M"))
            raise serializers.ValidationError({field: [ErrorDetail(message.messages[0], code="nonexistent_time")]})


def _reject_nonexistent_repeats(local_start, local_end, repeats):
    """Raise a 400 naming the first weekly copy whose start or end falls in the spring-forward gap."""
    for week in range(1, repeats + 1):
        shift = dt.timedelta(days=7 * week)
        for field, moment in (("start_time", local_start), ("end_time", local_end)):
            day, time_of_day = moment.date() + shift, moment.time().replace(tzinfo=None)
            if not wall_time_exists(day, time_of_day):
                message = errors.message(
                    "nonexistent_repeat_time", date=day.isoformat(), time=time_of_day.strftime("%H:%M")
                )
                raise serializers.ValidationError(
                    {field: [ErrorDetail(message.messages[0], code="nonexistent_time")]}
                )
