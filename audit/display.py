"""Audit log rows as people read them, in the viewer's language.

The rows store database values: column names, choice codes, ids and UTC times in ISO form.
This module turns them into the field's verbose name, the choice's label, yes or no, the
related object's name and Helsinki local time. Object names are read at display time, so
that each viewer sees them in their own language. A deleted object keeps the label stored
when the row was written.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

EMPTY = "–"
MAX_TEXT_LENGTH = 120
# Values in `changes` that are not model fields.
EXTRA_LABELS = {"duplicated_from": _("copied from hobby")}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class EntryView:
    entry: object
    object_label: str
    changes: list


def models_by_name():
    return {model._meta.model_name: model for model in apps.get_models()}


def describe_entries(entries):
    """Return an EntryView for each entry, with a few queries per model for the whole list."""
    entries = list(entries)
    registry = models_by_name()
    pks_by_model = defaultdict(set)
    for entry in entries:
        model = registry.get(entry.object_type)
        if model is not None and entry.object_id:
            pks_by_model[model].add(entry.object_id)
        for name, values in (entry.changes or {}).items():
            field = _field(model, name)
            related = _related_model(field)
            if related is None:
                continue
            for value in values:
                for pk in value if isinstance(value, list) else [value]:
                    if pk not in (None, ""):
                        pks_by_model[related].add(pk)
    found = {model: _fetch(model, pks) for model, pks in pks_by_model.items()}
    return [_describe(entry, registry, found) for entry in entries]


def _fetch(model, pks):
    manager = model._default_manager
    if model._meta.model_name in ("hobbyevent", "weeklyschedule"):
        manager = manager.select_related("hobby")
    keys = set()
    for pk in pks:
        try:
            keys.add(model._meta.pk.to_python(pk))
        except ValidationError:  # A malformed stored id matches nothing.
            continue
    return {str(pk): obj for pk, obj in manager.in_bulk(keys).items()}


def _describe(entry, registry, found):
    model = registry.get(entry.object_type)
    obj = found.get(model, {}).get(entry.object_id) if model is not None else None
    label = _object_label(obj) if obj is not None else entry.object_label
    changes = []
    for name, values in (entry.changes or {}).items():
        old, new = (values + [None, None])[:2] if isinstance(values, list) else (None, values)
        field = _field(model, name)
        changes.append(Change(_field_label(field, name), _value(field, old, found), _value(field, new, found)))
    return EntryView(entry=entry, object_label=label, changes=changes)


def _object_label(obj):
    """Return the object's name in the active language. A session adds its local start time."""
    name = obj._meta.model_name
    if name == "hobbyevent":
        return f"{obj.hobby} {formats.date_format(timezone.localtime(obj.start_at), 'SHORT_DATETIME_FORMAT')}"
    if name == "weeklyschedule":
        return str(obj.hobby)
    return str(obj)


def _field(model, name):
    if model is None:
        return None
    options = model._meta
    for candidate in (name, name[:-3] if name.endswith("_id") else None):
        if not candidate:
            continue
        try:
            return options.get_field(candidate)
        except FieldDoesNotExist:
            continue
    return None


def _related_model(field):
    if field is not None and (field.many_to_one or field.one_to_one or field.many_to_many):
        return field.related_model
    return None


def _field_label(field, name):
    if field is not None and getattr(field, "verbose_name", None):
        return capfirst(field.verbose_name)
    return capfirst(EXTRA_LABELS.get(name, name))


def _value(field, value, found):
    if value in (None, "", []):
        return EMPTY
    if field is not None and field.name == "weekdays" and field.model._meta.model_name == "weeklyschedule":
        return _weekday_names(value)
    related = _related_model(field)
    if related is not None:
        objects = found.get(related, {})
        items = value if isinstance(value, list) else [value]
        return _shorten(", ".join(str(objects.get(str(item), item)) for item in items))
    if field is not None and field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        if isinstance(value, list):
            return _shorten(", ".join(str(labels.get(str(item), item)) for item in value))
        return str(labels.get(str(value), value))
    if isinstance(field, models.BooleanField) or isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        return _local_datetime(value)
    if isinstance(field, models.TimeField) and isinstance(value, str):
        try:
            return f"{dt.time.fromisoformat(value):%H:%M}"
        except ValueError:
            return value
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    if isinstance(value, list):
        return _shorten(", ".join(str(item) for item in value))
    return _shorten(str(value))


def _weekday_names(value):
    """Return ISO weekday numbers (1 = Monday) as the weekdays' names."""
    days = value if isinstance(value, list) else [value]
    names = [str(WEEKDAYS[day - 1]) if isinstance(day, int) and 1 <= day <= 7 else str(day) for day in days]
    return _shorten(", ".join(names))


def _local_datetime(text):
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_naive(moment):
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _shorten(text):
    return text if len(text) <= MAX_TEXT_LENGTH else text[: MAX_TEXT_LENGTH - 1] + "…"
