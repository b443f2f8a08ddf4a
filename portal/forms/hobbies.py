"""Forms of the hobby pages: the hobby itself, its weekly schedule and the cover image."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.access import location_choices_q, roles_of, usable_providers_q
from core.forms import (
    StoredModelMultipleChoiceField,
    label_empty_choices,
    name_invalid_choices,
    with_current,
)
from core.i18n import CONTENT_LANGUAGES
from hobbies.models import Hobby, HobbyCategory, Language, language_name
from hobbies.services import stored_content_version
from places.models import Location
from providers.models import Provider

from .translated import TranslatedFieldsMixin

TRANSLATED = ("name", "short_description", "description", "price_details")
# Languages of instruction offered in the form: the national languages, the Sámi and sign
# languages of Finland, English and the largest home languages of pupils in Finland.
INSTRUCTION_LANGUAGES = (
    "fi", "sv", "en", "se", "smn", "sms", "fse", "fss", "ru", "et", "ar", "so", "uk", "fa", "ku", "zh",
)
WEEKDAY_CHOICES = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]


def language_choices():
    return [(code, language_name(code)) for code in INSTRUCTION_LANGUAGES]


class HobbyForm(TranslatedFieldsMixin, forms.ModelForm):
    translated_fields = TRANSLATED

    languages = forms.MultipleChoiceField(
        label=_("Languages of instruction"), required=False, widget=forms.CheckboxSelectMultiple
    )
    categories = StoredModelMultipleChoiceField(
        label=_("Categories"), queryset=HobbyCategory.objects.none(), required=False
    )
    cover_upload = forms.FileField(
        label=_("Cover image"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, at most 8 MB. It is cropped to 16:9 around the focus point."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    focus_x = forms.IntegerField(
        label=_("Focus point from the left (%)"), min_value=0, max_value=100, initial=50, required=False
    )
    focus_y = forms.IntegerField(
        label=_("Focus point from the top (%)"), min_value=0, max_value=100, initial=50, required=False
    )
    clear_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)
    # The content version of the hobby when the form was opened (hobbies.services.content_version).
    version = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    class Meta:
        model = Hobby
        fields = [
            *(f"{name}_{code}" for name in TRANSLATED for code in CONTENT_LANGUAGES),
            "provider",
            "location",
            "price_type",
            "price_amount",
            "min_age",
            "max_age",
            "info_url",
        ]
        widgets = {
            **{f"short_description_{code}": forms.Textarea(attrs={"rows": 2}) for code in CONTENT_LANGUAGES},
            **{f"description_{code}": forms.Textarea(attrs={"rows": 6}) for code in CONTENT_LANGUAGES},
            **{f"price_details_{code}": forms.Textarea(attrs={"rows": 2}) for code in CONTENT_LANGUAGES},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        roles = roles_of(user)
        self.fields["provider"].queryset = Provider.objects.filter(
            with_current(usable_providers_q(user), self.instance, "provider")
        ).order_by("name_fi", "id")
        self.fields["provider"].required = not (roles.is_administrator or roles.is_moderator)
        self.fields["location"].queryset = Location.objects.filter(
            with_current(location_choices_q(user), self.instance, "location")
        ).order_by("name_fi", "id")
        self.fields["categories"].queryset = HobbyCategory.objects.order_by("sort_key", "id")
        self.fields["languages"].choices = language_choices()
        self.fields["price_amount"].help_text = _("In euros, for example 12.50. 0 for a free hobby.")
        for code in CONTENT_LANGUAGES:
            self.fields[f"name_{code}"].required = False
        if self.instance.pk:
            self.initial.setdefault("version", stored_content_version(self.instance.pk))
            self.initial.setdefault("categories", list(self.instance.categories.values_list("pk", flat=True)))
            self.initial.setdefault("languages", list(self.instance.languages.values_list("code", flat=True)))
        label_empty_choices(self)
        name_invalid_choices(self)
        self.setup_translations(self.instance if self.instance.pk else None)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"name_{code}") for code in CONTENT_LANGUAGES):
            self.add_error("name_fi", _("Give the name in at least one language."))
        return cleaned

    def clean_cover_upload(self):
        from core.images import crop_to_cover, validate_image

        upload = self.cleaned_data.get("cover_upload")
        if not upload:
            return None
        if upload.size > 0:
            from django.conf import settings

            if upload.size > settings.MAX_UPLOAD_IMAGE_BYTES:
                from core.images import image_error

                raise image_error("image_too_large", size=upload.size, max=settings.MAX_UPLOAD_IMAGE_BYTES)
        content = validate_image(upload.read())
        focus_x = self.data.get(self.add_prefix("focus_x")) or 50
        focus_y = self.data.get(self.add_prefix("focus_y")) or 50
        try:
            focus = (min(max(int(focus_x), 0), 100) / 100, min(max(int(focus_y), 0), 100) / 100)
        except ValueError:
            focus = (0.5, 0.5)
        return crop_to_cover(content, focus_x=focus[0], focus_y=focus[1])

    def show_stored_version(self):
        """Put the stored hobby's current version in the form, so that saving it again
        replaces the other person's changes."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = stored_content_version(self.instance.pk)

    def selected_languages(self):
        return [Language.objects.get_or_create(code=code)[0] for code in self.cleaned_data.get("languages", [])]

    def category_tree(self):
        """Return the categories as nested dicts for the template, with the chosen ones marked."""
        chosen = {str(value) for value in (self["categories"].value() or [])}
        nodes = {}
        roots = []
        for category in self.fields["categories"].queryset:
            node = {"category": category, "children": [], "checked": str(category.pk) in chosen}
            nodes[category.pk] = node
            parent = nodes.get(category.parent_id)
            (parent["children"] if parent else roots).append(node)
        for node in roots:
            node["open"] = _has_checked(node)
        return roots


def _has_checked(node):
    return node["checked"] or any(_has_checked(child) for child in node["children"])


class ScheduleForm(forms.Form):
    """A weekly schedule. Times are Europe/Helsinki wall-clock times, whatever the browser's zone."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"), choices=WEEKDAY_CHOICES, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    first_date = forms.DateField(label=_("First date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    last_date = forms.DateField(label=_("Last date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    exception_dates = forms.CharField(
        label=_("Exception dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Days without a session, such as school holidays: one date or range per line, "
            "for example 2027-02-22 or 2027-02-22 – 2027-02-26."
        ),
    )

    def clean_exception_dates(self):
        return parse_exception_dates(self.cleaned_data.get("exception_dates", ""))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            weekdays, exceptions = _clean_rule(cleaned)
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
            return cleaned
        cleaned["weekdays"], cleaned["exception_dates"] = weekdays, exceptions
        return cleaned

    def apply(self, schedule):
        for name in ("weekdays", "start_time", "end_time", "first_date", "last_date", "exception_dates"):
            setattr(schedule, name, self.cleaned_data[name])
        return schedule

    @staticmethod
    def initial_from(schedule):
        ranges = format_exception_dates(schedule.exception_dates)
        return {
            "weekdays": schedule.weekdays,
            "start_time": schedule.start_time,
            "end_time": schedule.end_time,
            "first_date": schedule.first_date,
            "last_date": schedule.last_date,
            "exception_dates": ranges,
        }


def _clean_rule(cleaned):
    from hobbies.models import clean_weekly_rule

    return clean_weekly_rule(
        cleaned["weekdays"],
        cleaned["start_time"],
        cleaned["end_time"],
        cleaned["first_date"],
        cleaned["last_date"],
        cleaned["exception_dates"],
    )


MAX_EXCEPTION_RANGE_DAYS = 366
RANGE_SEPARATORS = ("–", "—", "..", " - ")


def parse_exception_dates(text):
    """Return the ISO dates of `text`: one date or "first – last" range per line."""
    dates = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [line]
        for separator in RANGE_SEPARATORS:
            if separator in line:
                parts = [part.strip() for part in line.split(separator, 1)]
                break
        try:
            first = dt.date.fromisoformat(parts[0])
            last = dt.date.fromisoformat(parts[-1])
        except ValueError:
            raise ValidationError(
                _("Line %(line)s, “%(value)s”, is not a date or a range of dates in the form YYYY-MM-DD."),
                code="exception_date_invalid",
                params={"line": line_number, "value": line},
            ) from None
        if last < first or (last - first).days > MAX_EXCEPTION_RANGE_DAYS:
            raise ValidationError(
                _("Line %(line)s, “%(value)s”, is not a range from an earlier to a later date within a year."),
                code="exception_range_invalid",
                params={"line": line_number, "value": line},
            )
        day = first
        while day <= last:
            dates.append(day.isoformat())
            day += dt.timedelta(days=1)
    return sorted(set(dates))


def format_exception_dates(values):
    """Return ISO dates as lines, with runs of consecutive days joined into ranges."""
    days = sorted(dt.date.fromisoformat(value) for value in values or [])
    lines = []
    start = previous = None
    for day in days:
        if previous is not None and day == previous + dt.timedelta(days=1):
            previous = day
            continue
        if start is not None:
            lines.append(_range_text(start, previous))
        start = previous = day
    if start is not None:
        lines.append(_range_text(start, previous))
    return "\n".join(lines)


def _range_text(first, last):
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"

