"""The one fallback order for fi/sv/en content, for code that reads translated fields itself.

modeltranslation applies the same order (MODELTRANSLATION_FALLBACK_LANGUAGES) to model
attributes. Exports, calendars and e-mails use this module when they need a value in a
language other than the active one.
"""

from django.conf import settings
from django.utils import translation

CONTENT_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
FALLBACK_ORDER = tuple(settings.MODELTRANSLATION_FALLBACK_LANGUAGES)


def language_order(language=None):
    """Return the languages to try for `language`, the requested one first."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    order = [language] if language in CONTENT_LANGUAGES else []
    order += [code for code in FALLBACK_ORDER if code not in order]
    return order


def translated_value_and_language(obj, field, language=None):
    """Return `(obj.<field>_<lang>, lang)` for the first language in the fallback order that
    has text, or `("", None)` when no language has any."""
    for code in language_order(language):
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return value, code
    return "", None


def translated_value(obj, field, language=None):
    """Return `obj.<field>_<lang>` for the first language in the fallback order that has text."""
    return translated_value_and_language(obj, field, language)[0]


def value_language(obj, field, language=None):
    """Return the language that `obj.<field>` is shown in for `language`, or None when empty.

    It differs from `language` when the value falls back, and pages then mark the text with
    that language so that screen readers pronounce it right (WCAG 3.1.2).
    """
    return translated_value_and_language(obj, field, language)[1]


def normalise_language(value):
    """Return a supported content language for a code such as 'sv-FI', or None."""
    if not value:
        return None
    code = str(value).strip().lower()[:2]
    return code if code in CONTENT_LANGUAGES else None
