"""The provider's side of promotions: look up a redemption code, honour it, see uses over time.

The provider portal and the API call these. Access follows accounts.access: a promotion is
managed by members of its provider, moderators of its municipality and national
administrators. A code of a promotion that the user does not manage is treated as unknown.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.utils import timezone

from accounts.access import editable_q
from audit.log import record
from hobbies.timeutils import HELSINKI, to_local

from . import errors
from .codes import local_text, normalise_code
from .models import Promotion, PromotionUse

logger = logging.getLogger(__name__)

PERIODS = ("day", "week", "month")
_TRUNCATIONS = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}


@dataclass(frozen=True)
class UsePeriod:
    """Uses made in one day, week or month, and how many of those the provider has honoured."""

    start: dt.date  # the period's first day in Helsinki time (a Monday for weeks)
    uses: int
    honoured: int


def managed_promotions(user):
    """Return a queryset of the promotions that `user` may manage (all for administrators)."""
    return Promotion.objects.filter(editable_q(user))


def find_use_by_code(code, *, acting_user):
    """Return the use with redemption code `code` among the promotions `acting_user` manages.

    Return None when there is no such use, or when it belongs to a promotion that the user
    does not manage. The code may be typed in lower case, with spaces or without the hyphen.
    Raise ValidationError (code `redemption_code_invalid`) when it cannot be a code at all.
    """
    normalised = normalise_code(code)
    return (
        PromotionUse.objects.select_related("promotion", "promotion__location", "honoured_by")
        .filter(code=normalised, promotion__in=managed_promotions(acting_user))
        .first()
    )


@transaction.atomic
def honour_use(use, *, acting_user, now=None):
    """Mark `use` honoured by `acting_user`, once, and return it refreshed.

    The mark is a conditional UPDATE on an unset `honoured_at`, so two staff members who
    confirm the same code at once cannot both succeed. A second confirmation raises
    ValidationError (code `use_already_honoured`) that says when the first one happened.
    Raise PromotionUse.DoesNotExist when `acting_user` does not manage the promotion.
    """
    if not managed_promotions(acting_user).filter(pk=use.promotion_id).exists():
        raise PromotionUse.DoesNotExist(f"use {use.pk} is not managed by user {acting_user.pk}")
    now = now or timezone.now()
    marked = PromotionUse.objects.filter(pk=use.pk, honoured_at__isnull=True).update(
        honoured_at=now, honoured_by=acting_user, updated_at=now
    )
    use.refresh_from_db(fields=["honoured_at", "honoured_by", "updated_at"])
    if not marked:
        logger.info("Rejected a second honouring of use %s", use.pk)
        raise errors.message("use_already_honoured", code=use.code, honoured_at=local_text(use.honoured_at))
    promotion = use.promotion
    record(
        "promotion.use_honoured",
        use,
        actor=acting_user,
        changes={"honoured_at": [None, use.honoured_at.isoformat()]},
        provider_id=promotion.provider_id,
        municipality_id=promotion.municipality_id,
        label=f"{promotion} {use.code}",
    )
    logger.info("Use %s of promotion %s honoured by user %s", use.pk, use.promotion_id, acting_user.pk)
    return use


def count_uses(promotion):
    """Return (uses, honoured uses) of `promotion`."""
    totals = PromotionUse.objects.filter(promotion=promotion).aggregate(
        uses=Count("id"), honoured=Count("id", filter=Q(honoured_at__isnull=False))
    )
    return totals["uses"], totals["honoured"]


def count_uses_over_time(promotion, *, period="day", now=None):
    """Return a UsePeriod for every day, week or month of the promotion's validity so far.

    The periods run from the one containing `valid_from` to the one containing the earlier
    of `valid_until` and `now`, in Helsinki time, with zeros for periods without uses. A
    promotion that has not started yet returns an empty list. Raise ValueError for a
    `period` outside PERIODS.
    """
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}, not {period!r}")
    now = now or timezone.now()
    if promotion.valid_from > now:
        return []
    first = _period_start(to_local(promotion.valid_from).date(), period)
    last = _period_start(to_local(min(promotion.valid_until, now)).date(), period)

    rows = (
        PromotionUse.objects.filter(promotion=promotion)
        .annotate(period_start=_TRUNCATIONS[period]("created_at", tzinfo=HELSINKI))
        .values("period_start")
        .annotate(uses=Count("id"), honoured=Count("id", filter=Q(honoured_at__isnull=False)))
        .order_by()
    )
    counted = {to_local(row["period_start"]).date(): (row["uses"], row["honoured"]) for row in rows}

    periods = []
    start = first
    while start <= last:
        uses, honoured = counted.pop(start, (0, 0))
        periods.append(UsePeriod(start=start, uses=uses, honoured=honoured))
        start = _next_period_start(start, period)
    # Uses outside the validity (possible only if the window was moved later) are kept in
    # the nearest period, so that the series adds up to the total.
    for day, (uses, honoured) in sorted(counted.items()):
        index = 0 if day < first else len(periods) - 1
        if periods:
            kept = periods[index]
            periods[index] = UsePeriod(kept.start, kept.uses + uses, kept.honoured + honoured)
    return periods


def _period_start(day, period):
    if period == "week":
        return day - dt.timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def _next_period_start(day, period):
    if period == "week":
        return day + dt.timedelta(days=7)
    if period == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day + dt.timedelta(days=1)
