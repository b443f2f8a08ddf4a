"""User-facing messages of the promotions app, each with a stable code.

The codes are part of the API: clients branch on them, and the youth app shows the message.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MESSAGES = {
    "promotion_used_up": ngettext_lazy(
        "The promotion “%(name)s” has been used up: its only use is taken.",
        "The promotion “%(name)s” has been used up: all %(quantity)s uses are taken.",
        "quantity",
    ),
    "promotion_not_started": _("The promotion “%(name)s” is valid only from %(start)s."),
    "promotion_ended": _("The promotion “%(name)s” ended at %(end)s."),
    "device_limit_reached": ngettext_lazy(
        "This device has already used the promotion “%(name)s”, and it can be used once per device.",
        "This device has already used the promotion “%(name)s” %(limit)s times, the most allowed per device.",
        "limit",
    ),
    "device_key_missing": _(
        "The device key is missing: send the device's anonymous key in the X-Device-Key header."
    ),
    "device_key_invalid": _(
        "The device key is invalid: it must be %(min)s to %(max)s letters, digits, “-” or “_”."
    ),
    "keyless_use_rejected": _(
        "Uses without a device key are no longer accepted: update the app, or send the X-Device-Key header."
    ),
    "rate_limited": _("Too many attempts to use promotions. Try again in %(seconds)s seconds."),
    "redemption_code_invalid": _(
        "“%(value)s” is not a redemption code: a code has 8 letters and digits, such as K7QM-2XPA."
    ),
    "use_already_honoured": _(
        "The redemption code %(code)s was already confirmed at %(honoured_at)s: do not give the benefit again."
    ),
    "quantity_below_used": _(
        "The total quantity %(value)s is below the %(used)s uses already made: give at least %(used)s."
    ),
    "validity_end_before_start": _("The validity must end (%(end)s) after it starts (%(start)s)."),
    "per_device_limit_too_low": _("The uses per device must be at least 1, not %(value)s."),
    "per_device_limit_too_high": _("The uses per device can be at most %(max)s, not %(value)s."),
    "quantity_too_low": _("The total quantity must be at least %(min)s, not %(value)s."),
    "nonexistent_time": _(
        "%(date)s %(time)s does not exist in Finnish time, because the clocks move forward an hour "
        "that night. Choose another time."
    ),
    "quantity_too_high": _("The total quantity can be at most %(max)s, not %(value)s."),
    "changed_meanwhile": _(
        "Someone else changed this promotion after you opened it, so nothing was saved. See their "
        "changes in the history. Save again to replace them with the values in this form."
    ),
}


def message(message_code, **params):
    """Return a ValidationError for `message_code`, with its translated message and parameters."""
    return ValidationError(MESSAGES[message_code], code=message_code, params=params or None)


class RateLimited(Exception):
    """Raised when a requester has made too many use attempts; `seconds` is the wait."""

    code = "rate_limited"

    def __init__(self, seconds):
        super().__init__(f"rate limited for {seconds} s")
        self.seconds = seconds

    @property
    def message(self):
        return MESSAGES[self.code] % {"seconds": self.seconds}
