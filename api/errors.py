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
    "unknown_municipality": _("There is no municipality with the id %(value)s."),
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
    "nul_character": _("The value contains a NUL character (U+0000), which is not accepted."),
    "datetime_out_of_range": _("“%(value)s” is out of range: give a moment between the years 1 and 9999."),
    "invalid_id": _("“%(value)s” is not a valid id: give a whole number."),
    "unknown_location": _("There is no location with the id %(value)s that you may use."),
    "unknown_editable_hobby": _("There is no hobby with the id %(value)s that you may change."),
    "unknown_promotion": _("There is no promotion with the id %(value)s."),
    "unknown_language": _(
        "“%(value)s” is not a known language code: give an ISO 639 code such as fi, sv or en."
    ),
    "control_character": _("The text contains the control character U+%(code_point)s, which is not accepted."),
    "invalid_utf8": _("The value is not valid UTF-8 text."),
    "replacement_character": _(
        "The value contains U+FFFD, the mark of bytes that are not valid UTF-8: send the text as UTF-8."
    ),
    "body_too_large": _("The request body is too large: the maximum is %(max)s bytes."),
    "image_body_too_large": _(
        "The request body is too large for its image: the body may have at most %(max)s bytes, and "
        "the image itself at most %(image_max)s bytes."
    ),
    "too_many_fields": _("The request has too many fields or query parameters: the maximum is %(max)s."),
    "too_many_files": _("The request has too many files: the maximum is %(max)s."),
    "invalid_json": _("The body is not valid JSON: the error is at line %(line)s, column %(column)s."),
    "json_too_deep": _("The JSON body is nested too deeply."),
    "invalid_multipart": _("The multipart form data is malformed."),
    "no_data": _("No data was sent: send a JSON object."),
    "nonexistent_time": _(
        "%(date)s %(time)s does not exist in Finnish time, because the clocks move forward an hour "
        "that night. Choose another time."
    ),
    "nonexistent_repeat_time": _(
        "The weekly copy on %(date)s would be at %(time)s, which does not exist in Finnish time "
        "because the clocks move forward an hour that night. Choose another time or fewer copies."
    ),
    "bad_request": _("The request is malformed."),
    "server_error": _("The server failed to handle the request. Try again later."),
}


def message(code, **params):
    """Return a ValidationError for `code`, with its translated message and parameters."""
    return ValidationError(MESSAGES[code], code=code, params=params or None)
