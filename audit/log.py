"""Writing audit log rows from service functions.

Each service function takes a snapshot of the object before it changes it and calls
`record` after the change, inside the same transaction, so a change and its log row are
committed or rolled back together.
"""

import datetime as dt
import decimal
import logging
import uuid

from django.db.models.fields.files import FieldFile

from .context import current_channel
from .models import AuditLogEntry

logger = logging.getLogger(__name__)

MASK = "********"
SECRET_WORDS = ("password", "secret", "token", "key_hash")
# Bookkeeping columns that change on every save without a change of content.
IGNORED_FIELDS = {
    "id",
    "created_at",
    "updated_at",
    "next_event_id",
    "next_event_start_at",
    "next_event_end_at",
    "upcoming_weekdays",
}


def is_secret(field_name):
    return any(word in field_name for word in SECRET_WORDS)


def plain_value(value):
    """Return `value` as JSON: dates and decimals as ISO strings, files as their names."""
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [plain_value(item) for item in value]
    return value


def translated_base_fields(model):
    """Return the names of fields that modeltranslation mirrors into name_fi, name_sv, ...

    The base column repeats one language's value, so only the per-language columns are
    audited.
    """
    from modeltranslation.translator import NotRegistered, translator

    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def snapshot(instance, extra=None):
    """Return the audited field values of a model instance as {attname: JSON value}.

    `extra` adds values the columns do not show, such as the ids of many-to-many relations.
    """
    if instance is None:
        return {}
    values = {}
    skipped = IGNORED_FIELDS | translated_base_fields(type(instance))
    for field in instance._meta.concrete_fields:
        if field.attname in skipped:
            continue
        values[field.attname] = plain_value(getattr(instance, field.attname))
    for name, value in (extra or {}).items():
        values[name] = plain_value(value)
    return values


def stored_snapshot(model, pk, extra=None):
    """Return the snapshot of the row as it is in the database, or {} for a new object."""
    if pk is None:
        return {}
    instance = model._default_manager.filter(pk=pk).first()
    return snapshot(instance, extra(instance) if extra and instance else None)


def changes_between(before, after):
    """Return {field: [old, new]} for the fields whose value differs, secrets masked."""
    changes = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        changes[name] = [MASK, MASK] if is_secret(name) else [old, new]
    return changes


def actor_name(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return user.get_username()


def record(action, obj, *, actor, changes=None, provider_id=None, municipality_id=None, label=None):
    """Write one audit row for `action` (a dotted code such as 'hobby.updated') on `obj`.

    The provider and municipality default to the object's own, which decide who can read
    the row later.
    """
    entry = AuditLogEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=actor_name(actor),
        channel=current_channel(),
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk or ""),
        object_label=str(label if label is not None else obj)[:255],
        provider_id=provider_id if provider_id is not None else getattr(obj, "provider_id", None),
        municipality_id=(
            municipality_id if municipality_id is not None else getattr(obj, "municipality_id", None)
        ),
        changes=changes or {},
    )
    logger.debug("Recorded %s on %s %s", action, entry.object_type, entry.object_id)
    return entry
