"""The translated label of the empty choice of selects, and choice errors that name the value."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import pgettext_lazy

# The largest id that SQLite and a PostgreSQL bigint hold.
MAX_STORED_ID = 2**63 - 1

# The label of the empty choice of a select. Django 6.1's own default ("- Select an option -")
# has no Finnish or Swedish translation in Django's catalogues.
EMPTY_CHOICE_LABEL = pgettext_lazy("empty choice of a select", "– Choose –")


def label_empty_choices(form):
    """Give every select of `form` that has an empty choice the label EMPTY_CHOICE_LABEL."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelMultipleChoiceField):
            continue
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                field.empty_label = EMPTY_CHOICE_LABEL
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
            field.choices = [
                ("", EMPTY_CHOICE_LABEL) if value == "" else (value, label) for value, label in field.choices
            ]



def name_invalid_choices(form):
    """Make each select of `form` that lists database objects name the rejected value in its
    error, as a select of fixed choices does. Django's own message for such selects is only
    "That choice is not one of the available choices"."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
            field.error_messages["invalid_choice"] = forms.ChoiceField.default_error_messages["invalid_choice"]



def with_current(condition, instance, field_name):
    """Return the Q `condition` of a select's choices, widened with the object that the field
    `field_name` of `instance` refers to now.

    So a user who may change the instance keeps its current provider or location, even one
    that the user could not choose. An example is a moderator who edits a hobby at a place in
    the moderator's municipality, run by a provider from another municipality.
    """
    current = getattr(instance, f"{field_name}_id", None)
    # An empty Q allows every object, and Q() | Q(pk=...) would allow only one.
    if current is None or not condition:
        return condition
    return condition | Q(pk=current)


class StoredModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that rejects an id too large for the database as an invalid
    choice, so that the database driver raises no OverflowError."""

    def _check_values(self, value):
        if isinstance(value, (list, tuple)):
            for item in value:
                text = str(item).strip()
                digits = text[1:] if text[:1] in "+-" else text
                if digits.isascii() and digits.isdigit() and not 0 <= int(text) <= MAX_STORED_ID:
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                    )
        return super()._check_values(value)
