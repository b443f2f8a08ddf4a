from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.access import default_municipality_id, roles_of
from core.forms import label_empty_choices, name_invalid_choices
from core.i18n import CONTENT_LANGUAGES
from places.models import Municipality
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
            "municipality",
            "email",
            "phone",
            "website",
            "street_address",
            "postal_code",
            "city",
        ]
        widgets = {f"description_{code}": forms.Textarea(attrs={"rows": 3}) for code in CONTENT_LANGUAGES}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for code in CONTENT_LANGUAGES:
            self.fields[f"name_{code}"].required = False
        self._setup_municipality(user)
        label_empty_choices(self)
        name_invalid_choices(self)
        self.setup_translations(self.instance if self.instance.pk else None)

    def _setup_municipality(self, user):
        """Require a municipality for a new provider, or for one that has none yet.

        A moderator chooses among the municipalities they moderate. The municipality of an
        existing provider is not changed here, because that would move its hobbies to other
        moderators.
        """
        if self.instance.pk and self.instance.municipality_id:
            del self.fields["municipality"]
            return
        field = self.fields["municipality"]
        field.required = True
        roles = roles_of(user)
        municipalities = Municipality.objects.filter(is_active=True)
        if roles.is_moderator and not roles.is_administrator:
            municipalities = Municipality.objects.filter(pk__in=roles.municipality_ids)
            if self.initial.get("municipality") is None:
                self.initial["municipality"] = default_municipality_id(user)
        field.queryset = municipalities.order_by("name")

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
