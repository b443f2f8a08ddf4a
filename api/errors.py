"""Messages of the open API's own checks (query parameters, references), each with a stable
code. Field validation messages come from the domain apps' errors modules."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "invalid_integer": _("“%(value)s” is not a whole number."),
    "invalid_number": _("“%(value)s” is not a number."),
    "invalid_date": _("“%(value)s” is not a date in the form YYYY-MM-DD."),
    "invalid_time": _("“%(value)s” is not a time in the form HH:MM or HH:MM:SS."),
    "invalid_datetime": _(
        "“%(value)s” is not a date or a date and time in ISO 8601 form, such as 2026-09-01T12:00:00+03:00."
    ),
    "invalid_choice": _("“%(value)s” is not an accepted value: use one of %(choices)s."),
    "out_of_range": _("%(value)s is out of range: it must be between %(min)s and %(max)s."),
    "required_with_nearest": _("This parameter is required with ordering=nearest."),
    "nearest_only": _("This parameter works only with ordering=nearest."),
    "conflicting_values": _("Give one value for this parameter, not %(values)s."),
    "unknown_category": _("There is no category with the id %(value)s."),
    "unknown_hobby": _("There is no hobby with the id %(value)s."),
    "unknown_organizer": _("There is no organizer with the id %(value)s that you may use."),
    "invalid_base64": _("The image is not valid base64 data."),
    "image_url": _(
        "An image URL is accepted only as the current image's own URL: send a new image as base64 data."
    ),
    "invalid_coordinates": _(
        "Give coordinates as a GeoJSON point: {\"type\": \"Point\", \"coordinates\": [longitude, latitude]}."
    ),
    "invalid_page": _("There is no page %(value)s: the last page is %(last)s."),
    "repeat_count": _("The repeat count must be between 0 and %(max)s, not %(value)s."),
    "invalid_id": _("“%(value)s” is not a valid id: give a whole number."),
    "unknown_location": _("There is no location with the id %(value)s that you may use."),
    "unknown_editable_hobby": _("There is no hobby with the id %(value)s that you may change."),
    "unknown_language": _(
        "“%(value)s” is not a known language code: give an ISO 639 code such as fi, sv or en."
    ),
    "control_character": _("The text contains the control character U+%(code_point)s, which is not accepted."),
    "nonexistent_time": _(
        "%(date)s %(time)s does not exist in Finnish time, because the clocks move forward an hour "
        "that night. Choose another time."
    ),
    "nonexistent_repeat_time": _(
        "The weekly copy on %(date)s would be at %(time)s, which does not exist in Finnish time "
        "because the clocks move forward an hour that night. Choose another time or fewer copies."
    ),
}


def message(code, **params):
    """Return a ValidationError for `code`, with its translated message and parameters."""
    return ValidationError(MESSAGES[code], code=code, params=params or None)
