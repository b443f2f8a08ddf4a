"""Messages of Django REST framework that its Finnish and Swedish catalogues leave untranslated.

Django looks a message up in the catalogues of the installed apps in order, so a message
that rest_framework's catalogue lacks is found in this app's catalogue, where it is
translated. The list contains the messages that the API's fields and throttles can produce
(checked against djangorestframework 3.18).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    gettext_noop("Not a valid string."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("This dictionary may not be empty."),
    gettext_noop("Invalid input."),
    gettext_noop("Datetime value out of range."),
    gettext_noop("A valid biginteger is required."),
    gettext_noop("Integer value too large to convert to float"),
]

PLURAL_MESSAGES = [
    ngettext_lazy("Expected available in {wait} second.", "Expected available in {wait} seconds.", "wait"),
]
