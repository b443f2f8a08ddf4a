"""Texts of installed libraries that ship no Finnish or Swedish translation of their own.

The admin shows django-axes's models, fields and filters, and Django's admin index has a
column header that Django's Finnish catalogue leaves untranslated. Listing them here puts
them into the core app's catalogues, which Django merges with the libraries' own.
"""

from django.utils.translation import gettext_noop

THIRD_PARTY_STRINGS = [
    # Django admin: the hidden header of the index's last column, read by screen readers.
    gettext_noop("Change or view list link"),
    # django-axes models and fields.
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Time"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Failed Logins"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Logout Time"),
    gettext_noop("Path"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("User Agent"),
    # django-axes admin.
    gettext_noop("Attempt Remaining"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Form Data"),
    gettext_noop("Locked Out"),
    gettext_noop("Meta Data"),
    gettext_noop("Not set"),
]
