from django import forms
from django.utils.translation import gettext_lazy as _

from core.i18n import CONTENT_LANGUAGES
from providers.models import Provider, ProviderMembership

from .translated import TranslatedFieldsMixin

TRANSLATED = ("name", "description")


class ProviderForm(TranslatedFieldsMixin, forms.ModelForm):
    translated_fields = TRANSLATED

    class Meta:
        model = Provider
        fields = [
            *(f"{name}_{code}" for name in TRANSLATED for code in CONTENT_LANGUAGES),
            "kind",
            "email",
            "phone",
            "website",
            "street_address",
            "postal_code",
            "city",
        ]
        widgets = {f"description_{code}": forms.Textarea(attrs={"rows": 3}) for code in CONTENT_LANGUAGES}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in CONTENT_LANGUAGES:
            self.fields[f"name_{code}"].required = False
        self.setup_translations(self.instance if self.instance.pk else None)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"name_{code}") for code in CONTENT_LANGUAGES):
            self.add_error("name_fi", _("Give the name in at least one language."))
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=ProviderMembership.Role.choices,
        initial=ProviderMembership.Role.EDITOR,
        help_text=_("Editors manage hobbies, locations and promotions. Admins also invite and remove members."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ProviderMembership.Role.choices)
