"""User-facing validation messages of the hobbies app, each with a stable code.

Forms, serializers and importers raise these through the model-layer `clean_*` functions,
so a rule reads the same wherever it is broken.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "price_free_not_zero": _("A free hobby must have the price 0, not %(value)s."),
    "price_missing": _("Give a price above 0 for the price type “%(price_type)s”."),
    "price_negative": _("The price cannot be negative: %(value)s."),
    "price_too_high": _("The price %(value)s is too high: the maximum is %(max)s euros."),
    "age_range": _("Ages must be between %(min)s and %(max)s: %(value)s is not."),
    "age_order": _("The minimum age %(min_age)s is greater than the maximum age %(max_age)s."),
    "end_before_start": _("The end (%(end)s) must be after the start (%(start)s)."),
    "date_too_early": _("The date %(value)s is too early: dates before the year %(year)s are not accepted."),
    "date_too_late": _("The date %(value)s is too late: dates after the year %(year)s are not accepted."),
    "last_before_first": _("The last date (%(last)s) is before the first date (%(first)s)."),
    "weekdays_missing": _("Choose at least one weekday."),
    "weekday_invalid": _("“%(value)s” is not a weekday: use 1 (Monday) to 7 (Sunday)."),
    "exception_date_invalid": _("“%(value)s” is not a date in the form YYYY-MM-DD."),
    "session_too_long": _("A session cannot last longer than %(days)s days."),
    "schedule_duplicate": _(
        "The hobby already has this weekly schedule: %(start)s–%(end)s from %(first)s to %(last)s. "
        "It was not added again."
    ),
    "approved_version_changed": _(
        "“%(name)s” changed after you opened the queue, so it is not approved. Check the new "
        "version and approve it again."
    ),
    "changed_meanwhile": _(
        "Someone else changed this hobby after you opened it, so nothing was saved. See their "
        "changes in the history. Save again to replace them with the values in this form."
    ),
}


def message(code, **params):
    """Return a ValidationError for `code`, with its translated message and parameters."""
    return ValidationError(MESSAGES[code], code=code, params=params or None)
