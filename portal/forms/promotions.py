import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.access import editable_q, location_choices_q, usable_providers_q
from core.forms import (
    StoredModelMultipleChoiceField,
    label_empty_choices,
    name_invalid_choices,
    with_current,
)
from core.i18n import CONTENT_LANGUAGES
from hobbies.models import Hobby, clean_year
from hobbies.timeutils import local_datetime, to_local
from places.models import Location, Municipality
from promotions import errors as promotion_errors
from promotions.models import Promotion
from promotions.services import clean_validity_input, stored_content_version
from providers.models import Provider

from .translated import TranslatedFieldsMixin

TRANSLATED = ("name", "description", "terms")
# The model's moments → the form's date fields that show their errors.
DATE_FIELDS = {"valid_from": "valid_from_date", "valid_until": "valid_until_date"}


class PromotionForm(TranslatedFieldsMixin, forms.ModelForm):
    """A promotion with its quantity, validity (Helsinki wall-clock time) and targeting."""

    translated_fields = TRANSLATED
    valid_from_date = forms.DateField(label=_("Valid from (date)"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    valid_from_time = forms.TimeField(label=_("Valid from (time)"), initial=dt.time(0, 0), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    valid_until_date = forms.DateField(label=_("Valid until (date)"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    valid_until_time = forms.TimeField(label=_("Valid until (time)"), initial=dt.time(23, 59), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    target_municipalities = StoredModelMultipleChoiceField(
        label=_("Target municipalities"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("Pupils of these municipalities see the promotion. Choose none to show it to everyone."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    # The content version of the promotion when the form was opened
    # (promotions.services.content_version).
    version = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    class Meta:
        model = Promotion
        fields = [
            *(f"{name}_{code}" for name in TRANSLATED for code in CONTENT_LANGUAGES),
            "kind",
            "provider",
            "location",
            "hobby",
            "total_quantity",
            "per_device_limit",
            "min_age",
            "max_age",
        ]
        widgets = {
            **{f"description_{code}": forms.Textarea(attrs={"rows": 3}) for code in CONTENT_LANGUAGES},
            **{f"terms_{code}": forms.Textarea(attrs={"rows": 2}) for code in CONTENT_LANGUAGES},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.filter(
            with_current(usable_providers_q(user), self.instance, "provider")
        ).order_by("name_fi", "id")
        self.fields["location"].queryset = Location.objects.filter(
            with_current(location_choices_q(user), self.instance, "location")
        ).order_by("name_fi", "id")
        self.fields["hobby"].queryset = Hobby.objects.filter(
            with_current(editable_q(user), self.instance, "hobby")
        ).order_by("name_fi", "id")
        self.fields["target_municipalities"].queryset = Municipality.objects.filter(is_active=True).order_by("name")
        for code in CONTENT_LANGUAGES:
            self.fields[f"name_{code}"].required = False
        instance = self.instance
        if instance.pk:
            self.initial.setdefault("version", stored_content_version(instance.pk))
            start, end = to_local(instance.valid_from), to_local(instance.valid_until)
            self.initial.update(
                {
                    "valid_from_date": start.date(),
                    "valid_from_time": start.time().replace(tzinfo=None),
                    "valid_until_date": end.date(),
                    "valid_until_time": end.time().replace(tzinfo=None),
                    "target_municipalities": list(instance.target_municipalities.values_list("pk", flat=True)),
                }
            )
        label_empty_choices(self)
        name_invalid_choices(self)
        self.setup_translations(instance if instance.pk else None)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"name_{code}") for code in CONTENT_LANGUAGES):
            self.add_error("name_fi", _("Give the name in at least one language."))
        if cleaned.get("total_quantity") == 0:
            self.add_error("total_quantity", promotion_errors.message("quantity_too_low", value=0, min=1))
        moments = {
            date_field: (cleaned.get(date_field), cleaned.get(date_field.replace("_date", "_time")))
            for date_field in DATE_FIELDS.values()
        }
        for date_field, (day, _time_of_day) in moments.items():
            if day is not None:
                try:
                    clean_year(day, date_field)
                except ValidationError as error:
                    self.add_error(None, error)
        try:
            clean_validity_input(moments)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def show_stored_version(self):
        """Put the stored promotion's current version in the form, so that saving it again
        replaces the other person's changes."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = stored_content_version(self.instance.pk)

    def _post_clean(self):
        data = self.cleaned_data
        date_fields = ("valid_from_date", "valid_until_date", "valid_from_time", "valid_until_time")
        if all(data.get(key) is not None for key in date_fields) and not any(
            key in self.errors for key in date_fields
        ):
            self.instance.valid_from = local_datetime(data["valid_from_date"], data["valid_from_time"])
            self.instance.valid_until = local_datetime(data["valid_until_date"], data["valid_until_time"])
        super()._post_clean()

    def _update_errors(self, errors):
        """Show errors of the model's valid_from and valid_until on the form's date fields."""
        if hasattr(errors, "error_dict"):
            errors = ValidationError(
                {DATE_FIELDS.get(field, field): messages for field, messages in errors.error_dict.items()}
            )
        super()._update_errors(errors)
