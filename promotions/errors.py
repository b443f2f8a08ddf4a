"""User-facing validation messages of the promotions app, each with a stable code."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "promotion_used_up": _("The promotion “%(name)s” has been used up: all %(quantity)s uses are taken."),
    "promotion_not_started": _("The promotion “%(name)s” is valid only from %(start)s."),
    "promotion_ended": _("The promotion “%(name)s” ended at %(end)s."),
    "quantity_below_used": _(
        "The total quantity %(value)s is below the %(used)s uses already made: give at least %(used)s."
    ),
    "validity_end_before_start": _("The validity must end (%(end)s) after it starts (%(start)s)."),
}


def message(code, **params):
    """Return a ValidationError for `code`, with its translated message and parameters."""
    return ValidationError(MESSAGES[code], code=code, params=params or None)
