"""User-facing validation messages of the providers app, each with a stable code."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "already_member": _("%(email)s is already a member of %(provider)s."),
    "invitation_invalid": _(
        "This invitation link is invalid, expired or already used. Ask the provider's admin for a new one."
    ),
    "invitation_wrong_email": _(
        "This invitation was sent to %(email)s. Sign in with that address to accept it."
    ),
    "invitation_account_exists": _(
        "An account with the address %(email)s exists. Sign in to accept the invitation."
    ),
    "municipality_required": _(
        "Choose the municipality where the provider works. Its moderators review the provider's hobbies."
    ),
    "last_admin": _("%(provider)s must keep at least one admin: make another member admin first."),
}


def message(code, **params):
    """Return a ValidationError for `code`, with its translated message and parameters."""
    return ValidationError(MESSAGES[code], code=code, params=params or None)
