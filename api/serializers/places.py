"""Serializers of organizers (providers) and locations."""

from rest_framework import serializers

from accounts.access import roles_of, usable_providers_q
from core.geo import is_in_finland
from places.models import Location, Municipality
from places.services import save_location
from providers.models import Provider
from providers.services import create_provider, save_provider

from ..fields import GeoPointField, ReferenceField, TextField, point_data
from .common import options_of, run_service

LOCATION_FIELD_NAMES = {
    "postal_code": "zip_code",
    "latitude": "coordinates",
    "longitude": "coordinates",
    "provider": "organizer",
}


def organizer_data(provider, options):
    return {"id": provider.pk, "name": options.text(provider, "name")}


def location_data(location, options):
    return {
        "id": location.pk,
        "name": options.text(location, "name"),
        "address": options.text(location, "street_address"),
        "zip_code": location.postal_code,
        "city": options.text(location, "city"),
        "coordinates": point_data(location.latitude, location.longitude),
        "municipality": location.municipality_id,
    }


class OrganizerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = TextField(max_length=256)
    municipality = ReferenceField(
        queryset=Municipality.objects.all(),
        unknown_code="unknown_municipality",
        required=False,
        write_only=True,
        help_text="Extension: the municipality where the organizer works; its moderators review "
        "the organizer's hobbies. A moderator's own municipality is the default; without one "
        "the organizer takes the municipality of its first location.",
    )

    def to_representation(self, instance):
        return organizer_data(instance, options_of(self))

    def create(self, validated_data):
        options = options_of(self)
        provider = Provider(
            municipality=validated_data.get("municipality"), **{f"name_{options.language}": validated_data["name"]}
        )
        return run_service(create_provider, provider, acting_user=options.user, require_municipality=False)

    def update(self, instance, validated_data):
        options = options_of(self)
        if "name" in validated_data:
            setattr(instance, f"name_{options.language}", validated_data["name"])
        return run_service(save_provider, instance, acting_user=options.user)


def usable_providers(user):
    """Return the providers whose content `user` may manage (and so assign objects to)."""
    return Provider.objects.filter(usable_providers_q(user))


def default_provider_id(user):
    """Return the user's provider when the user is a member of exactly one, else None."""
    roles = roles_of(user)
    return next(iter(roles.provider_ids)) if len(roles.provider_ids) == 1 else None


class LocationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = TextField(max_length=255, required=False, allow_blank=True)
    address = TextField(max_length=255, required=False, allow_blank=True)
    zip_code = TextField(max_length=5, required=False, allow_blank=True)
    city = TextField(max_length=100, required=False, allow_blank=True)
    coordinates = GeoPointField(required=False)
    municipality = serializers.IntegerField(read_only=True, allow_null=True)
    organizer = ReferenceField(
        queryset=Provider.objects.all(),
        unknown_code="unknown_organizer",
        usable=usable_providers_q,
        current="provider_id",
        required=False,
        allow_null=True,
        write_only=True,
        help_text="Extension: the provider that maintains the location. Defaults to the caller's "
        "provider when the caller belongs to exactly one.",
    )

    def to_representation(self, instance):
        return location_data(instance, options_of(self))

    def _apply(self, location, data):
        language = options_of(self).language
        for api_name, model_name in (("name", "name"), ("address", "street_address"), ("city", "city")):
            if api_name in data:
                setattr(location, f"{model_name}_{language}", data[api_name])
        if "zip_code" in data:
            location.postal_code = data["zip_code"]
        if "coordinates" in data:
            location.latitude, location.longitude = data["coordinates"] or (None, None)
            # The original web UI sends [latitude, longitude] where GeoJSON has the longitude
            # first. A point that lies in Finland only with its axes swapped is read that way.
            latitude, longitude = location.latitude, location.longitude
            if latitude is not None and longitude is not None:
                if not is_in_finland(latitude, longitude) and is_in_finland(longitude, latitude):
                    location.latitude, location.longitude = longitude, latitude
        if "organizer" in data:
            location.provider = data["organizer"]

    def create(self, validated_data):
        options = options_of(self)
        location = Location()
        self._apply(location, validated_data)
        if "organizer" not in validated_data:
            location.provider_id = default_provider_id(options.user)
        # The contract lets a location's name be blank and its organizer be left out, so the
        # API does not run the portal's clean_location_input.
        return run_service(
            save_location, location, acting_user=options.user, field_names=LOCATION_FIELD_NAMES
        )

    def update(self, instance, validated_data):
        self._apply(instance, validated_data)
        return run_service(
            save_location, instance, acting_user=options_of(self).user, field_names=LOCATION_FIELD_NAMES
        )
