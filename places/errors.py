"""User-facing validation messages of the places app, each with a stable code."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "coordinate_pair": _("Give both latitude and longitude, or neither."),
    "latitude_range": _("Latitude %(value)s is out of range: it must be between -90 and 90."),
    "longitude_range": _("Longitude %(value)s is out of range: it must be between -180 and 180."),
}


def message(code, **params):
    """Return a ValidationError for `code`, with its translated message and parameters."""
    return ValidationError(MESSAGES[code], code=code, params=params or None)
