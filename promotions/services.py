"""Creating, changing and using promotions. The API, the portal and commands call these."""

import logging
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from audit.log import changes_between, record, snapshot, stored_snapshot
from hobbies.models import clean_age_range
from hobbies.timeutils import to_local

from . import errors
from .models import Promotion, PromotionUse

logger = logging.getLogger(__name__)

# Without 0/O, 1/I/L and 5/S, so that a code read aloud or from a phone screen is unambiguous.
CODE_ALPHABET = "2346789ABCDEFGHJKMNPQRTUVWXYZ"
CODE_LENGTH = 8


def new_redemption_code():
    """Return a random code such as 'K7QM-2XPA'."""
    characters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{characters[:4]}-{characters[4:]}"


def _local_text(moment):
    return to_local(moment).strftime("%Y-%m-%d %H:%M")


def clean_promotion(promotion):
    """Raise ValidationError unless the validity window, quantity and ages are consistent."""
    problems = {}
    if promotion.valid_from and promotion.valid_until and promotion.valid_until <= promotion.valid_from:
        problems["valid_until"] = errors.message(
            "validity_end_before_start",
            start=_local_text(promotion.valid_from),
            end=_local_text(promotion.valid_until),
        )
    if promotion.total_quantity is not None and promotion.total_quantity < promotion.used_count:
        problems["total_quantity"] = errors.message(
            "quantity_below_used", value=promotion.total_quantity, used=promotion.used_count
        )
    try:
        clean_age_range(promotion.min_age, promotion.max_age)
    except ValidationError as error:
        problems.update(error.update_error_dict({}))
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def save_promotion(promotion, *, acting_user=None, target_municipalities=None):
    """Validate and save a new or changed promotion.

    `used_count` is never written here: the UPDATE leaves the column out, so an edit made
    while a pupil uses the promotion cannot undo that use.
    """
    clean_promotion(promotion)
    created = promotion.pk is None
    before = stored_snapshot(Promotion, promotion.pk, extra=_targets)
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


def _targets(promotion):
    return {"target_municipalities": sorted(promotion.target_municipalities.values_list("pk", flat=True))}


@transaction.atomic
def redeem_promotion(promotion, *, now=None):
    """Record one use of `promotion` and return it; raise ValidationError if none is left.

    The count goes up in one conditional UPDATE (used_count < total_quantity and the
    validity window open), so two simultaneous requests for the last use cannot both get it.
    """
    now = now or timezone.now()
    taken = Promotion.objects.filter(
        pk=promotion.pk,
        used_count__lt=F("total_quantity"),
        valid_from__lte=now,
        valid_until__gt=now,
    ).update(used_count=F("used_count") + 1, updated_at=now)
    if not taken:
        current = Promotion.objects.get(pk=promotion.pk)
        if current.valid_from > now:
            error = errors.message("promotion_not_started", name=current.name, start=_local_text(current.valid_from))
        elif current.valid_until <= now:
            error = errors.message("promotion_ended", name=current.name, end=_local_text(current.valid_until))
        else:
            error = errors.message("promotion_used_up", name=current.name, quantity=current.total_quantity)
        logger.info("Rejected a use of promotion %s: %s", promotion.pk, error.code)
        raise error

    use = _create_use(promotion)
    promotion.used_count = Promotion.objects.values_list("used_count", flat=True).get(pk=promotion.pk)
    logger.info("Recorded use %s of promotion %s", use.pk, promotion.pk)
    return use


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

    record("promotion.deleted", promotion, actor=acting_user)
    delete_file_on_commit(promotion.cover_image.storage, promotion.cover_image.name)
    promotion_id = promotion.pk
    promotion.delete()
    logger.info("Deleted promotion %s", promotion_id)
