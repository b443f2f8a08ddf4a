from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.access import usable_providers_q
from core.forms import label_empty_choices
from core.i18n import CONTENT_LANGUAGES
from places.models import Location
from providers.models import Provider

from .translated import TranslatedFieldsMixin

TRANSLATED = ("name", "street_address", "city", "accessibility")


class LocationForm(TranslatedFieldsMixin, forms.ModelForm):
    translated_fields = TRANSLATED

    class Meta:
        model = Location
        fields = [
            *(f"{name}_{code}" for name in TRANSLATED for code in CONTENT_LANGUAGES),
            "postal_code",
            "latitude",
            "longitude",
            "provider",
            "info_url",
        ]
        widgets = {
            **{f"accessibility_{code}": forms.Textarea(attrs={"rows": 2}) for code in CONTENT_LANGUAGES},
            "latitude": forms.NumberInput(attrs={"step": "any"}),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.filter(usable_providers_q(user)).order_by("name_fi", "id")
        self.fields["latitude"].help_text = _("Decimal degrees, for example 60.1699. Search the address or click the map.")
        self.fields["longitude"].help_text = _("Decimal degrees, for example 24.9384.")
        label_empty_choices(self)
        self.setup_translations(self.instance if self.instance.pk else None)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"name_{code}") or cleaned.get(f"street_address_{code}") for code in CONTENT_LANGUAGES):
            self.add_error("name_fi", _("Give a name or a street address in at least one language."))
        return cleaned
