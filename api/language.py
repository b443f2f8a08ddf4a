"""The language of API messages: `lang`, else Accept-Language, else Finnish.

The site's LocaleMiddleware gives every URL without a language prefix the default
language (the pages use i18n_patterns without a prefix for Finnish), so the API views
choose the language themselves.
"""

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from core.i18n import normalise_language


def request_language(request):
    """Return (language for messages, language requested with `lang` or None)."""
    try:
        requested = normalise_language(request.GET.get("lang"))
    except TooManyFieldsSent:
        # The view reports the oversized query string; its message uses Accept-Language.
        requested = None
    if requested:
        return requested, requested
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        try:
            return translation.get_supported_language_variant(code)[:2], None
        except LookupError:
            continue
    return settings.LANGUAGE_CODE, None


class LanguageMixin:
    """Activates the request's language before authentication, so every message uses it."""

    def initial(self, request, *args, **kwargs):
        language, requested = request_language(request._request)
        self.content_language = requested or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)
