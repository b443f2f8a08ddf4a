"""Serializers of promotions and benefits (promotion uses)."""

from rest_framework import serializers

from accounts.access import (
    editable_q,
    usable_locations_q,
    usable_providers_q,
)
from hobbies.models import MAX_DESCRIPTION_LENGTH, Hobby, clean_year
from hobbies.timeutils import local_datetime, to_local
from places.models import Location
from promotions.codes import local_text
from promotions.models import MAX_PER_DEVICE_LIMIT, MAX_QUANTITY, Promotion
from promotions.services import clean_validity_input, save_promotion
from providers.models import Provider

from ..fields import CLEAR, ImageField, ReferenceField, TextField
from .common import local_date_time, options_of, run_service
from .places import location_data, organizer_data

PROMOTION_FIELD_NAMES = {
    "valid_from": "start_date",
    "valid_until": "end_date",
    "total_quantity": "available_count",
    "provider": "organizer",
}


def promotion_data(promotion, options):
    start_date, start_time = local_date_time(promotion.valid_from)
    end_date, end_time = local_date_time(promotion.valid_until)
    data = {
        "id": promotion.pk,
        "name": options.text(promotion, "name"),
        "description": options.text(promotion, "description"),
        "start_date": start_date,
        "start_time": start_time,
        "end_date": end_date,
        "end_time": end_time,
        "cover_image": options.absolute_url(promotion.cover_image),
        "organizer": promotion.provider_id,
        "location": promotion.location_id,
        "available_count": promotion.total_quantity,
        "used_count": promotion.used_count,
        "remaining_count": promotion.remaining_count,
        "municipality": promotion.municipality_id,
        "created_at": promotion.created_at.isoformat(),
        "updated_at": promotion.updated_at.isoformat(),
        "created_by": promotion.created_by_id,
        "kind": promotion.kind,
        "terms": options.text(promotion, "terms"),
        "hobby": promotion.hobby_id,
        "per_device_limit": promotion.per_device_limit,
        "min_age": promotion.min_age,
        "max_age": promotion.max_age,
    }
    if promotion.location_id and "location_detail" in options.includes:
        data["location"] = location_data(promotion.location, options)
    if "organizer_detail" in options.includes:
        data["organizer"] = organizer_data(promotion.provider, options)
    if promotion.pk in options.distances:
        data["distance"] = options.distance(promotion.pk)
    return data


class PromotionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = TextField(max_length=255)
    description = TextField(max_length=MAX_DESCRIPTION_LENGTH, help_text="Required, as in the original contract.")
    start_date = serializers.DateField(help_text="Start of validity, Europe/Helsinki.")
    start_time = serializers.TimeField(input_formats=["%H:%M", "%H:%M:%S"])
    end_date = serializers.DateField(help_text="End of validity, Europe/Helsinki.")
    end_time = serializers.TimeField(input_formats=["%H:%M", "%H:%M:%S"])
    cover_image = ImageField(help_text="As for hobbies.")
    organizer = ReferenceField(
        queryset=Provider.objects.all(),
        unknown_code="unknown_organizer",
        usable=usable_providers_q,
        current="provider_id",
        help_text="An id; an object with include=organizer_detail.",
    )
    location = ReferenceField(
        queryset=Location.objects.all(),
        unknown_code="unknown_location",
        usable=usable_locations_q,
        current="location_id",
        help_text="An id; an object with include=location_detail. A location of the caller's provider, of a "
        "municipality it moderates, or a shared imported place.",
    )
    # The bounds are checked by promotions.services.clean_promotion, which the portal shares.
    available_count = serializers.IntegerField(
        max_value=MAX_QUANTITY, help_text=f"How many uses exist in all, at most {MAX_QUANTITY}."
    )
    used_count = serializers.IntegerField(
        read_only=True, help_text="Uses so far. Read-only: only uses (POST benefits/ or promotions/{id}/use/) raise it."
    )
    remaining_count = serializers.IntegerField(read_only=True, help_text="Extension.")
    municipality = serializers.IntegerField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    created_by = serializers.IntegerField(read_only=True, allow_null=True)
    kind = serializers.ChoiceField(choices=Promotion.Kind.values, required=False, help_text="Extension.")
    terms = TextField(required=False, allow_blank=True, max_length=MAX_DESCRIPTION_LENGTH, help_text="Extension.")
    hobby = ReferenceField(
        queryset=Hobby.objects.all(),
        unknown_code="unknown_editable_hobby",
        usable=editable_q,
        current="hobby_id",
        required=False,
        allow_null=True,
        help_text="Extension: an id of a hobby the caller may change.",
    )
    per_device_limit = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_PER_DEVICE_LIMIT, help_text="Extension."
    )
    min_age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=99, help_text="Extension.")
    max_age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=99, help_text="Extension.")
    distance = serializers.IntegerField(read_only=True, required=False, help_text="Extension: metres, with ordering=nearest.")

    def to_representation(self, instance):
        return promotion_data(instance, options_of(self))

    def _apply(self, promotion, data):
        language = options_of(self).language
        for name in ("name", "description", "terms"):
            if name in data:
                setattr(promotion, f"{name}_{language}", data[name])
        for name in ("kind", "location", "hobby", "per_device_limit", "min_age", "max_age"):
            if name in data:
                setattr(promotion, name, data[name])
        if "organizer" in data:
            promotion.provider = data["organizer"]
        if "available_count" in data:
            promotion.total_quantity = data["available_count"]
        typed = {}
        for moment, date_key, time_key in (
            ("valid_from", "start_date", "start_time"),
            ("valid_until", "end_date", "end_time"),
        ):
            if date_key in data or time_key in data:
                current = to_local(getattr(promotion, moment)) if getattr(promotion, moment) else None
                day = data.get(date_key) or current.date()
                time_of_day = data.get(time_key) or current.time().replace(tzinfo=None)
                # The year comes first: local_datetime overflows for the year 1.
                run_service(clean_year, day, date_key)
                typed[time_key] = (day, time_of_day)
                setattr(promotion, moment, local_datetime(day, time_of_day))
        run_service(clean_validity_input, typed)

    def _save(self, promotion, data):
        from core.images import delete_new_file_on_error, replace_image

        image = data.get("cover_image")
        new_name = ""
        if image is CLEAR or image is not None:
            new_name = replace_image(promotion, "cover_image", None if image is CLEAR else image)
        with delete_new_file_on_error(promotion, "cover_image", new_name):
            try:
                return run_service(
                    save_promotion, promotion, acting_user=options_of(self).user, field_names=PROMOTION_FIELD_NAMES
                )
            except Location.DoesNotExist:
                # Another request deleted the location after validation found it.
                raise serializers.ValidationError(
                    {"location": self.fields["location"].unknown(promotion.location_id).detail}
                ) from None

    def create(self, validated_data):
        promotion = Promotion()
        self._apply(promotion, validated_data)
        return self._save(promotion, validated_data)

    def update(self, instance, validated_data):
        self._apply(instance, validated_data)
        return self._save(instance, validated_data)


def benefit_data(use, *, show_code=False):
    data = {
        "id": use.pk,
        "promotion": use.promotion_id,
        "created_at": use.created_at.isoformat(),
        "updated_at": use.updated_at.isoformat(),
    }
    if show_code:
        data["code"] = use.code
    return data


class BenefitSerializer(serializers.Serializer):
    """A use of a promotion. Only the response to the request that made the use contains its code."""

    id = serializers.IntegerField(read_only=True)
    promotion = ReferenceField(queryset=Promotion.objects.all(), unknown_code="unknown_promotion")
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    code = serializers.CharField(
        read_only=True,
        required=False,
        help_text="Extension: the redemption code to show to the provider, only in the answer to a POST.",
    )

    def to_representation(self, instance):
        return benefit_data(instance, show_code=self.context.get("show_code", False))


class RedemptionSerializer(serializers.Serializer):
    """A use as shown to its provider, who looks it up by the redemption code."""

    code = serializers.CharField(read_only=True)
    promotion = serializers.IntegerField(read_only=True)
    promotion_name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    used_at = serializers.DateTimeField(read_only=True)
    honoured = serializers.BooleanField(read_only=True, help_text="Whether the provider has already given the benefit.")
    honoured_at = serializers.DateTimeField(read_only=True, allow_null=True)
    honoured_at_local = serializers.CharField(
        read_only=True, allow_null=True, help_text="honoured_at in Helsinki time, YYYY-MM-DD HH:MM."
    )
    valid_until = serializers.DateTimeField(read_only=True)

    def to_representation(self, use):
        promotion = use.promotion
        return {
            "code": use.code,
            "promotion": promotion.pk,
            "promotion_name": options_of(self).text(promotion, "name"),
            "kind": promotion.kind,
            "used_at": use.created_at.isoformat(),
            "honoured": use.honoured_at is not None,
            "honoured_at": use.honoured_at.isoformat() if use.honoured_at else None,
            "honoured_at_local": local_text(use.honoured_at) if use.honoured_at else None,
            "valid_until": promotion.valid_until.isoformat(),
        }


class UsePeriodSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="First day of the period in Helsinki time (a Monday for weeks).")
    uses = serializers.IntegerField()
    honoured = serializers.IntegerField(help_text="Uses made in the period that the provider has honoured.")


class UsesOverTimeSerializer(serializers.Serializer):
    promotion = serializers.IntegerField()
    period = serializers.ChoiceField(choices=["day", "week", "month"])
    used_count = serializers.IntegerField()
    honoured_count = serializers.IntegerField()
    remaining_count = serializers.IntegerField()
    periods = UsePeriodSerializer(many=True)
