"""Creating and changing locations. The API, the portal and commands call these."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.log import changes_between, record, snapshot, stored_snapshot

from .models import Location, PostalCode, clean_coordinates, postal_code_validator

logger = logging.getLogger(__name__)


def _municipality_from_postal_code(postal_code):
    if not postal_code:
        return None
    return PostalCode.objects.filter(code=postal_code).values_list("municipality_id", flat=True).first()


@transaction.atomic
def save_location(location, *, acting_user=None):
    """Validate and save a new or changed location.

    A new location without a municipality gets the one of its postal code, or else the
    creator's moderated municipality.
    """
    from accounts.access import default_municipality_id

    created = location.pk is None
    before = stored_snapshot(Location, location.pk)
    if location.postal_code:
        try:
            postal_code_validator(location.postal_code)
        except ValidationError as error:
            # The model's clean() reports this without a field name.
            raise ValidationError({"postal_code": error.error_list}) from None
    location.clean()
    if location.pk is None:
        location.created_by = location.created_by or acting_user
    if location.municipality_id is None:
        location.municipality_id = _municipality_from_postal_code(location.postal_code)
    if location.municipality_id is None and acting_user is not None:
        location.municipality_id = default_municipality_id(acting_user)
    location.save()
    changes = changes_between(before, snapshot(location))
    if created or changes:
        record("location.created" if created else "location.updated", location, actor=acting_user, changes=changes)
    logger.info("Saved location %s", location.pk)
    return location


@transaction.atomic
def delete_location(location, *, acting_user=None):
    """Delete a location; hobbies that met there keep existing without one."""
    location_id = location.pk
    record("location.deleted", location, actor=acting_user)
    location.delete()
    logger.info("Deleted location %s", location_id)


__all__ = ["Location", "clean_coordinates", "delete_location", "save_location"]
