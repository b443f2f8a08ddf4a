"""The translated label of the empty choice of selects."""

from django import forms
from django.utils.translation import pgettext_lazy

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
