"""User-facing validation messages of the places app, each with a stable code."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "coordinate_pair": _("Give both latitude and longitude, or neither."),
    "latitude_range": _("Latitude %(value)s is out of range: it must be between -90 and 90."),
    "longitude_range": _("Longitude %(value)s is out of range: it must be between -180 and 180."),
    "location_in_use": _(
        "The location cannot be deleted, because hobbies or promotions that you may not change use it. "
        "Their organizers: %(organizers)s. Ask them or a moderator to choose another location first."
    ),
    "location_moved_under_others": _(
        "The location cannot be moved, because hobbies or promotions that you may not change use it. "
        "Their organizers: %(organizers)s. Create a new location for your own hobbies instead."
    ),
    "location_needed_by_promotion": _(
        "The location cannot be deleted, because these promotions need it: %(promotions)s. "
        "Choose another location for them first."
    ),
    "no_organizer": _("(no organizer)"),
    "outside_finland": _(
        "The point %(latitude)s, %(longitude)s is outside Finland. Check the coordinates: in Finland "
        "the latitude is about 60 to 70 and the longitude about 20 to 31."
    ),
    "name_missing": _("Give the location's name in at least one language."),
    "provider_missing": _("Choose the provider that the location belongs to, so that its other members can edit it."),
}


def message(code, **params):
    """Return a ValidationError for `code`, with its translated message and parameters."""
    return ValidationError(MESSAGES[code], code=code, params=params or None)
