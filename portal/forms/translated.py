"""fi/sv/en fields side by side, with the text pupils would see instead as the placeholder."""

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext as _

from core.i18n import CONTENT_LANGUAGES, language_order


def fallback_text(instance, field, language):
    """Return the text pupils see for `field` in `language` when that language is empty."""
    if instance is None:
        return ""
    for code in language_order(language):
        if code == language:
            continue
        value = getattr(instance, f"{field}_{code}", None)
        if value:
            return value
    return ""


class TranslatedFieldsMixin:
    """Sets each translated field's `lang` and its placeholder to the fallback text.

    Subclasses list the translated base names in `translated_fields`.
    """

    translated_fields = ()

    def setup_translations(self, instance):
        for name in self.translated_fields:
            for code in CONTENT_LANGUAGES:
                field = self.fields.get(f"{name}_{code}")
                if field is None:
                    continue
                attrs = field.widget.attrs
                attrs["lang"] = code
                attrs["data-translation-group"] = name
                attrs["data-language"] = code
                fallback = fallback_text(instance, name, code)
                if fallback:
                    attrs["placeholder"] = fallback[:300]

    def language_columns(self):
        """Return [(code, local name, [bound fields])] for the template."""
        columns = []
        for code in CONTENT_LANGUAGES:
            fields = [self[f"{name}_{code}"] for name in self.translated_fields if f"{name}_{code}" in self.fields]
            columns.append((code, LANG_INFO[code]["name_local"].capitalize(), fields))
        return columns

    @staticmethod
    def fallback_note():
        return _("An empty field shows, in grey, the text that pupils see instead: the Finnish, Swedish or English text, in that order.")
