"""Creating and changing locations. The API, the portal and commands call these.

Hobbies and promotions of several providers may share a location: a moderator may put them
there, and shared imported places (LIPAS sports places, for example) serve everyone. So a
location that objects the actor may not change use can be neither deleted nor moved: that
would change or empty where the other providers' hobbies and promotions take place.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.log import changes_between, record, snapshot, stored_snapshot
from core.geo import is_in_finland
from core.i18n import CONTENT_LANGUAGES

from . import errors
from .models import Location, PostalCode, clean_coordinates, postal_code_validator

logger = logging.getLogger(__name__)

# The fields that define where a location is. Names and accessibility notes may change freely.
PLACE_FIELDS = (
    "latitude",
    "longitude",
    "postal_code",
    "street_address_fi",
    "street_address_sv",
    "street_address_en",
    "city_fi",
    "city_sv",
    "city_en",
)


def clean_location_input(location, acting_user):
    """Raise ValidationError unless a location that a user enters has a name and a provider.

    A location without a provider belongs only to its creator, so the provider's other
    members could not edit it. Administrators and moderators may leave the provider empty:
    the moderators of the location's municipality can still edit it.
    NOTE: save_location does not call this, because bulk-import rows may give only an address.
    """
    from accounts.access import roles_of

    problems = {}
    if not any(getattr(location, f"name_{code}", "") for code in CONTENT_LANGUAGES):
        problems["name"] = errors.message("name_missing")
    roles = roles_of(acting_user)
    if location.provider_id is None and not (roles.is_administrator or roles.is_moderator):
        problems["provider"] = errors.message("provider_missing")
    if problems:
        raise ValidationError(problems)


def _municipality_from_postal_code(postal_code):
    if not postal_code:
        return None
    return PostalCode.objects.filter(code=postal_code).values_list("municipality_id", flat=True).first()


def lock_location(pk):
    """Lock the location's row until the transaction ends; raise Location.DoesNotExist when it is gone.

    Writes that refer to a location take this lock first, so a delete of the location
    waits for them and then finds what they refer to, or they find the location gone.
    """
    Location.objects.select_for_update().only("pk").get(pk=pk)


@transaction.atomic
def save_location(location, *, acting_user=None):
    """Validate and save a new or changed location.

    A new location without a municipality gets the one of its postal code, or else the
    creator's moderated municipality. A point outside Finland is rejected. The portal and the
    API also call `clean_location_input` first.
    """
    from accounts.access import default_municipality_id

    created = location.pk is None
    if not created:
        lock_location(location.pk)
    before = stored_snapshot(Location, location.pk)
    if location.postal_code:
        try:
            postal_code_validator(location.postal_code)
        except ValidationError as error:
            # The model's clean() reports this without a field name.
            raise ValidationError({"postal_code": error.error_list}) from None
    location.clean()
    if location.latitude is not None and location.longitude is not None:
        if not is_in_finland(location.latitude, location.longitude):
            raise ValidationError(
                {"latitude": errors.message("outside_finland", latitude=location.latitude, longitude=location.longitude)}
            )
    if location.pk is not None and acting_user is not None and _is_moved(location):
        organizers = _organizers_of_others(location, acting_user)
        if organizers:
            raise ValidationError(errors.message("location_moved_under_others", organizers=organizers))
    if location.pk is None:
        location.created_by = location.created_by or acting_user
    if location.municipality_id is None:
        location.municipality_id = _municipality_from_postal_code(location.postal_code)
    if location.municipality_id is None and acting_user is not None:
        location.municipality_id = default_municipality_id(acting_user)
    location.save()
    if location.provider_id and location.municipality_id:
        from providers.models import Provider

        # A provider created without a municipality (API v1 allows it) takes its first
        # location's, so that a moderator oversees its hobbies without a location.
        Provider.objects.filter(pk=location.provider_id, municipality=None).update(
            municipality_id=location.municipality_id
        )
    changes = changes_between(before, snapshot(location))
    if not created and location.municipality_id and "municipality_id" in changes:
        from hobbies.services import follow_location_municipality

        follow_location_municipality(location, acting_user=acting_user)
    if created or changes:
        record("location.created" if created else "location.updated", location, actor=acting_user, changes=changes)
    logger.info("Saved location %s", location.pk)
    return location


@transaction.atomic
def delete_location(location, *, acting_user=None):
    """Delete a location; the actor's hobbies that met there keep existing without one.

    Raise ValidationError when objects that `acting_user` may not change use the location,
    or when a promotion does (a promotion needs a location). Without an actor (commands),
    only the promotion rule applies.
    """
    lock_location(location.pk)
    if acting_user is not None:
        organizers = _organizers_of_others(location, acting_user)
        if organizers:
            raise ValidationError(errors.message("location_in_use", organizers=organizers))
    promotions = sorted(str(promotion) for promotion in location.promotions.all())
    if promotions:
        raise ValidationError(errors.message("location_needed_by_promotion", promotions=", ".join(promotions)))

    location_id = location.pk
    record("location.deleted", location, actor=acting_user)
    location.delete()
    logger.info("Deleted location %s", location_id)


def _is_moved(location):
    stored = Location.objects.filter(pk=location.pk).values(*PLACE_FIELDS).first()
    return stored is not None and any(stored[name] != getattr(location, name) for name in PLACE_FIELDS)


def _organizers_of_others(location, acting_user):
    """Return the names of the organizers whose hobbies or promotions at `location`
    `acting_user` may not change, comma-separated, or "" when there are none."""
    from accounts.access import editable_q

    names = set()
    for related in (location.hobbies, location.promotions):
        changeable = related.filter(editable_q(acting_user)).values("pk")
        for user_object in related.exclude(pk__in=changeable).select_related("provider"):
            names.add(str(user_object.provider) if user_object.provider_id else str(errors.MESSAGES["no_organizer"]))
    return ", ".join(sorted(names))


__all__ = ["Location", "clean_coordinates", "clean_location_input", "delete_location", "save_location"]
