"""Creating, changing and using promotions. The API, the portal and commands call these.

The provider's side (looking up a redemption code, honouring it, uses over time) is in
promotions.redemptions.
"""

import hashlib
import json
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from audit.log import changes_between, record, snapshot, stored_snapshot
from hobbies.models import clean_age_range, clean_year
from hobbies.timeutils import format_local_datetime, to_local, wall_time_exists

from . import errors
from .codes import local_text, new_redemption_code
from .devices import device_hash
from .models import MAX_PER_DEVICE_LIMIT, MAX_QUANTITY, DeviceUseCount, Promotion, PromotionUse

logger = logging.getLogger(__name__)


def clean_validity_input(moments):
    """Raise ValidationError for a Helsinki wall-clock validity moment that does not exist.

    `moments` maps a field name to the (date, time) that the user typed. A time in the
    spring-forward gap would be stored an hour later, so the user is asked for another time
    rather than shown one they did not type.
    """
    problems = {}
    for field, (day, time_of_day) in moments.items():
        if day is not None and time_of_day is not None and not wall_time_exists(day, time_of_day):
            problems[field] = errors.message(
                "nonexistent_time", date=day.isoformat(), time=time_of_day.strftime("%H:%M")
            )
    if problems:
        raise ValidationError(problems)


def clean_promotion(promotion):
    """Raise ValidationError unless the validity window, quantity and ages are consistent.

    The validity dates lie within the years that schedules accept (hobbies.models.clean_year),
    so that a mistyped year cannot give a window of centuries.
    """
    problems = {}
    for field in ("valid_from", "valid_until"):
        moment = getattr(promotion, field)
        if moment is not None:
            try:
                clean_year(to_local(moment).date(), field)
            except ValidationError as error:
                problems.update(error.update_error_dict({}))
    if promotion.valid_from and promotion.valid_until and promotion.valid_until <= promotion.valid_from:
        problems["valid_until"] = errors.message(
            "validity_end_before_start",
            start=local_text(promotion.valid_from),
            end=local_text(promotion.valid_until),
        )
    if promotion.total_quantity is not None and promotion.total_quantity < promotion.used_count:
        problems["total_quantity"] = errors.message(
            "quantity_below_used", value=promotion.total_quantity, used=promotion.used_count
        )
    # A quantity of 0 is allowed here, because API v1 clients may set it (a promotion with
    # nothing left to use). The portal's form requires at least 1.
    if promotion.total_quantity is not None and promotion.total_quantity < 0:
        problems["total_quantity"] = errors.message("quantity_too_low", value=promotion.total_quantity, min=0)
    if promotion.total_quantity is not None and promotion.total_quantity > MAX_QUANTITY:
        problems["total_quantity"] = errors.message(
            "quantity_too_high", value=promotion.total_quantity, max=MAX_QUANTITY
        )
    if promotion.per_device_limit is not None and promotion.per_device_limit < 1:
        problems["per_device_limit"] = errors.message("per_device_limit_too_low", value=promotion.per_device_limit)
    if promotion.per_device_limit is not None and promotion.per_device_limit > MAX_PER_DEVICE_LIMIT:
        problems["per_device_limit"] = errors.message(
            "per_device_limit_too_high", value=promotion.per_device_limit, max=MAX_PER_DEVICE_LIMIT
        )
    try:
        clean_age_range(promotion.min_age, promotion.max_age)
    except ValidationError as error:
        problems.update(error.update_error_dict({}))
    if problems:
        raise ValidationError(problems)


# Snapshot fields that change without an edit of the promotion: each use, and the
# municipality that follows the location.
VERSION_IGNORED_FIELDS = {"used_count", "municipality_id"}


def content_version(values):
    """Return a short hash of a promotion snapshot's content, to detect a change by someone
    else between opening a form and saving it."""
    content = {name: value for name, value in values.items() if name not in VERSION_IGNORED_FIELDS}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:32]


def stored_content_version(pk):
    return content_version(stored_snapshot(Promotion, pk, extra=_targets))


@transaction.atomic
def save_promotion(promotion, *, acting_user=None, target_municipalities=None, expected_version=None):
    """Validate and save a new or changed promotion.

    `expected_version` is the `content_version` of the promotion when the editor opened it.
    When the stored promotion has changed since, nothing is saved and a "changed_meanwhile"
    error is raised, so that one person's save does not silently undo another's.

    `used_count` is never written here: the UPDATE leaves the column out, so an edit made
    while a pupil uses the promotion cannot undo that use. The municipality follows the
    location (else the provider) on every save, as a hobby's does. The row is locked and its
    count read again before the checks, so a quantity cannot drop below uses made since
    `promotion` was read. Raise Promotion.DoesNotExist when the promotion has been deleted.
    """
    from places.services import lock_location

    if promotion.location_id:
        lock_location(promotion.location_id)
    if promotion.pk is not None:
        promotion.used_count = Promotion.objects.select_for_update().values_list("used_count", flat=True).get(
            pk=promotion.pk
        )
    clean_promotion(promotion)
    created = promotion.pk is None
    if not created:
        # Lock the row, so that a concurrent save waits and then reads the version saved here.
        Promotion.objects.select_for_update().filter(pk=promotion.pk).values_list("pk", flat=True).first()
    promotion.municipality_id = _municipality_id(promotion, acting_user)
    before = stored_snapshot(Promotion, promotion.pk, extra=_targets)
    if not created and expected_version and content_version(before) != expected_version:
        raise errors.message("changed_meanwhile")
    if promotion.pk is None:
        promotion.created_by = promotion.created_by or acting_user
        promotion.save()
    else:
        fields = [
            field.attname
            for field in Promotion._meta.concrete_fields
            if not field.primary_key and field.attname not in {"used_count", "created_at", "created_by_id"}
        ]
        promotion.save(update_fields=fields)
        promotion.used_count = Promotion.objects.values_list("used_count", flat=True).get(pk=promotion.pk)
    if target_municipalities is not None:
        promotion.target_municipalities.set(target_municipalities)
    changes = changes_between(before, snapshot(promotion, _targets(promotion)))
    # used_count moves with every use, which the audit log does not follow.
    changes.pop("used_count", None)
    if created or changes:
        record("promotion.created" if created else "promotion.updated", promotion, actor=acting_user, changes=changes)
    return promotion


def _municipality_id(promotion, acting_user):
    from accounts.access import default_municipality_id
    from hobbies.services import overseeing_municipality_id

    municipality_id = overseeing_municipality_id(promotion) or promotion.municipality_id
    if municipality_id is None and acting_user is not None:
        municipality_id = default_municipality_id(acting_user)
    return municipality_id


def _targets(promotion):
    return {"target_municipalities": sorted(promotion.target_municipalities.values_list("pk", flat=True))}


@transaction.atomic
def redeem_promotion(promotion, *, device_key=None, now=None):
    """Record one use of `promotion` and return it; raise ValidationError when it cannot be used.

    The count goes up in one conditional UPDATE (uses left and the validity window open), so
    parallel requests for the last use cannot both get it: PostgreSQL re-checks the condition
    after the row lock, and SQLite runs one writer at a time. With a `device_key` (already
    checked with devices.clean_device_key) the device's count goes up too, while the row
    lock of the promotion is held, so parallel requests of one device cannot pass the
    per-device limit. Without one (the old apps' shared token) only the total is counted.
    On any refusal the transaction is rolled back, so nothing is stored. Raise
    Promotion.DoesNotExist when the promotion has been deleted.
    """
    now = now or timezone.now()
    hashed_device = device_hash(promotion.pk, device_key) if device_key else None
    taken = Promotion.objects.filter(
        pk=promotion.pk,
        used_count__lt=F("total_quantity"),
        valid_from__lte=now,
        valid_until__gt=now,
    ).update(used_count=F("used_count") + 1, updated_at=now)
    if not taken:
        raise _refusal(promotion.pk, hashed_device, now)

    current = Promotion.objects.only("name", "used_count", "per_device_limit").get(pk=promotion.pk)
    if hashed_device is not None and not _count_device_use(current, hashed_device):
        raise _device_limit_error(current)

    use = _create_use(promotion)
    promotion.used_count = current.used_count
    logger.info("Recorded use %s of promotion %s", use.pk, promotion.pk)
    return use


def _count_device_use(promotion, hashed_device):
    """Add one to the device's count unless it has reached the limit; return whether it did.

    The caller holds the promotion's row lock (SQLite: the database write lock), so no
    other use of this promotion runs between the check and the write.
    """
    raised = DeviceUseCount.objects.filter(
        promotion_id=promotion.pk, device_hash=hashed_device, use_count__lt=promotion.per_device_limit
    ).update(use_count=F("use_count") + 1)
    if raised:
        return True
    if DeviceUseCount.objects.filter(promotion_id=promotion.pk, device_hash=hashed_device).exists():
        return False
    DeviceUseCount.objects.create(promotion_id=promotion.pk, device_hash=hashed_device, use_count=1)
    return True


def _device_limit_error(promotion):
    return errors.message("device_limit_reached", name=promotion.name, limit=promotion.per_device_limit)


def _refusal(promotion_id, hashed_device, now):
    """Return the error that explains why a use of the promotion was not counted.

    The window comes first, then the device's own limit, then the total: a device that has
    used its share learns that, rather than that the rest were taken.
    """
    current = Promotion.objects.get(pk=promotion_id)
    if current.valid_from > now:
        error = errors.message(
            "promotion_not_started", name=current.name, start=format_local_datetime(current.valid_from)
        )
    elif current.valid_until <= now:
        error = errors.message("promotion_ended", name=current.name, end=format_local_datetime(current.valid_until))
    elif hashed_device is not None and DeviceUseCount.objects.filter(
        promotion_id=promotion_id, device_hash=hashed_device, use_count__gte=current.per_device_limit
    ).exists():
        error = _device_limit_error(current)
    else:
        error = errors.message("promotion_used_up", name=current.name, quantity=current.total_quantity)
    logger.info("Rejected a use of promotion %s: %s", promotion_id, error.code)
    return error


def _create_use(promotion, attempts=5):
    for _attempt in range(attempts):
        try:
            with transaction.atomic():
                return PromotionUse.objects.create(promotion=promotion, code=new_redemption_code())
        except IntegrityError:
            logger.warning("Redemption code collision on promotion %s; drawing another", promotion.pk)
    raise RuntimeError("could not draw a unique redemption code")


@transaction.atomic
def delete_promotion(promotion, *, acting_user=None):
    """Delete a promotion with its uses and its cover image file."""
    from core.images import delete_file_on_commit

    # A use in progress locks the row, and its PromotionUse would be missed by this delete's
    # collection of uses. So the delete waits for the lock, or finds the promotion gone.
    Promotion.objects.select_for_update().only("pk").get(pk=promotion.pk)
    record("promotion.deleted", promotion, actor=acting_user)
    delete_file_on_commit(promotion.cover_image.storage, promotion.cover_image.name)
    promotion_id = promotion.pk
    promotion.delete()
    logger.info("Deleted promotion %s", promotion_id)
