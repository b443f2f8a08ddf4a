from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.access import usable_providers_q
from core.forms import label_empty_choices, name_invalid_choices, with_current
from core.i18n import CONTENT_LANGUAGES
from places.models import Location
from places.services import clean_location_input
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
        self.user = user
        providers = Provider.objects.filter(
            with_current(usable_providers_q(user), self.instance, "provider")
        ).order_by("name_fi", "id")
        self.fields["provider"].queryset = providers
        if self.instance.pk is None and self.initial.get("provider") is None:
            only = list(providers.values_list("pk", flat=True)[:2])
            if len(only) == 1:
                self.initial["provider"] = only[0]
        self.fields["latitude"].help_text = _("Decimal degrees, for example 60.1699. Search the address or click the map.")
        self.fields["longitude"].help_text = _("Decimal degrees, for example 24.9384.")
        label_empty_choices(self)
        name_invalid_choices(self)
        self.setup_translations(self.instance if self.instance.pk else None)

    def _post_clean(self):
        super()._post_clean()
        try:
            clean_location_input(self.instance, self.user)
        except ValidationError as error:
            for field, messages in error.error_dict.items():
                self.add_error("name_fi" if field == "name" else field, messages)
