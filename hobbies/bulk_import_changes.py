"""The changes that a bulk import would make to the hobbies that it updates, for the preview.

The preview lists every field that a row changes, with the stored and the new value, so
that a file never overwrites or clears a value without the user having seen it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext, npgettext

from .bulk_import import COLUMNS_BY_KEY, _shown, data_source_of
from .models import Hobby, WeeklySchedule

# Maximum length of an old or new value in the preview. Longer values are cut with "…".
SHOWN_LENGTH = 60
EMPTY = "–"


@dataclass(frozen=True)
class FieldChange:
    column: str
    old: str
    new: str


@dataclass
class PreviewRow:
    plan: object
    name: str
    changes: list


def preview_rows(validation, provider):
    """Return a PreviewRow per valid row: the hobby's name and, for a stored hobby, the
    changes that the row makes to it."""
    stored_ids = [plan.existing_id for plan in validation.plans if plan.existing_id]
    hobbies = (
        Hobby.objects.filter(pk__in=stored_ids).select_related("location").prefetch_related("categories").in_bulk()
    )
    schedules = {
        (schedule.hobby_id, schedule.origin_id): schedule
        for schedule in WeeklySchedule.objects.filter(hobby_id__in=stored_ids, data_source=data_source_of(provider))
    }
    rows = []
    for plan in validation.plans:
        hobby = hobbies.get(plan.existing_id)
        if hobby is None:
            rows.append(PreviewRow(plan, _planned_name(plan.hobby_fields), []))
            continue
        schedule = schedules.get((hobby.pk, plan.external_id))
        name = _planned_name({**_stored_names(hobby), **plan.hobby_fields})
        rows.append(PreviewRow(plan, name, field_changes(plan, hobby, schedule)))
    return rows


def field_changes(plan, hobby, schedule):
    """Return the FieldChange of every value that `plan` changes in the stored `hobby`."""
    changes = []
    for key, new in plan.hobby_fields.items():
        old = getattr(hobby, key)
        if _comparable(old) != _comparable(new):
            changes.append(_change(COLUMNS_BY_KEY[key].label, _field_text(key, old), _field_text(key, new)))

    if plan.categories is not None:
        old_categories = sorted(hobby.categories.all(), key=lambda category: category.pk)
        new_categories = sorted(set(plan.categories), key=lambda category: category.pk)
        if old_categories != new_categories:
            changes.append(
                _change(COLUMNS_BY_KEY["categories"].label, _names(old_categories), _names(new_categories))
            )

    if plan.location_fields and not _same_location(hobby.location, plan.location_fields):
        changes.append(
            _change(gettext("Location"), _location_text(hobby.location), _address_text(plan.location_fields))
        )

    if plan.schedule_fields and _schedule_values(schedule) != _schedule_values(plan.schedule_fields):
        changes.append(
            # A schedule's text has a bounded length, and a cut would hide the exception dates.
            _change(
                gettext("Weekly schedule"), _schedule_text(schedule), _schedule_text(plan.schedule_fields), length=200
            )
        )

    if plan.publish is not None:
        status = Hobby.Status.PUBLISHED if plan.publish else Hobby.Status.DRAFT
        if hobby.status != status:
            changes.append(_change(gettext("Status"), hobby.get_status_display(), status.label))
    return changes


def _change(column, old, new, length=SHOWN_LENGTH):
    return FieldChange(str(column), _shown(old or EMPTY, length), _shown(new or EMPTY, length))


def _comparable(value):
    return "" if value is None else value


def _field_text(key, value):
    if value is None:
        return ""
    if key == "price_type":
        return str(Hobby.PriceType(value).label)
    return str(value)


def _stored_names(hobby):
    return {key: getattr(hobby, key) for key in ("name_fi", "name_sv", "name_en")}


def _planned_name(fields):
    return fields.get("name_fi") or fields.get("name_sv") or fields.get("name_en") or ""


def _names(categories):
    return ", ".join(category.name for category in categories)


def _same_location(location, fields):
    """Mirror the lookup of bulk_import._location_for, which reuses a location with this
    name, street address and postal code."""
    if location is None:
        return False
    return (
        location.name_fi.lower() == fields["location_name"].lower()
        and location.street_address_fi.lower() == fields["street_address"].lower()
        and location.postal_code == fields["postal_code"]
    )


def _location_text(location):
    if location is None:
        return ""
    return _address_text(
        {
            "location_name": location.name_fi,
            "street_address": location.street_address_fi,
            "postal_code": location.postal_code,
            "city": location.city_fi,
        }
    )


def _address_text(fields):
    place = " ".join(part for part in (fields["postal_code"], fields["city"]) if part)
    return ", ".join(part for part in (fields["location_name"], fields["street_address"], place) if part)


def _schedule_values(schedule):
    if schedule is None:
        return None
    if isinstance(schedule, dict):
        get = schedule.get
    else:
        def get(key):
            return getattr(schedule, key)
    return tuple(
        get(key) for key in ("weekdays", "start_time", "end_time", "first_date", "last_date", "exception_dates")
    )


def _schedule_text(schedule):
    values = _schedule_values(schedule)
    if values is None:
        return ""
    weekdays, start, end, first, last, exceptions = values
    return npgettext(
        "bulk import schedule",
        "days %(weekdays)s %(start)s–%(end)s, %(first)s – %(last)s, %(exceptions)s exception date",
        "days %(weekdays)s %(start)s–%(end)s, %(first)s – %(last)s, %(exceptions)s exception dates",
        len(exceptions or []),
    ) % {
        "weekdays": ";".join(str(day) for day in weekdays),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "first": first.isoformat(),
        "last": last.isoformat(),
        "exceptions": len(exceptions or []),
    }
