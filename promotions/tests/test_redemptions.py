"""The provider's functions: code lookup by role, honouring once, uses over time."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hobbies.timeutils import HELSINKI
from promotions.models import Promotion, PromotionUse
from promotions.redemptions import (
    UsePeriod,
    count_uses,
    count_uses_over_time,
    find_use_by_code,
    honour_use,
    managed_promotions,
)
from promotions.services import redeem_promotion


def at(year, month, day, hour=12, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=HELSINKI)


@pytest.mark.parametrize(
    ("role", "found"),
    [("member", True), ("moderator", True), ("administrator", True), ("other_member", False), ("other_moderator", False)],
)
def test_lookup_by_role(shop, role, found):
    use = redeem_promotion(shop.promotion)

    result = find_use_by_code(use.code, acting_user=getattr(shop, role))

    assert (result == use) is found
    assert (result is None) is not found


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{plain}", " {spaced} "])
def test_lookup_accepts_typed_forms(shop, typed):
    use = redeem_promotion(shop.promotion)
    plain = use.code.replace("-", "")
    text = typed.format(code=use.code, lower=use.code.lower(), plain=plain, spaced=f"{plain[:4]} {plain[4:]}")

    assert find_use_by_code(text, acting_user=shop.member) == use


def test_unknown_code_returns_none(shop):
    assert find_use_by_code("2222-2222", acting_user=shop.administrator) is None


@pytest.mark.parametrize("typed", ["", "ABCD-EFG", "ABCD-EFGHJ", "OOOO-0000", "ABCD-EFG1"])
def test_malformed_code_rejected(shop, typed):
    with pytest.raises(ValidationError) as caught:
        find_use_by_code(typed, acting_user=shop.member)

    assert caught.value.code == "redemption_code_invalid"


def test_honour_once_then_says_when(shop):
    use = redeem_promotion(shop.promotion)
    first_moment = at(2026, 12, 5, 17, 30)

    honoured = honour_use(use, acting_user=shop.member, now=first_moment)
    with pytest.raises(ValidationError) as caught:
        honour_use(use, acting_user=shop.moderator, now=first_moment + dt.timedelta(hours=1))

    assert honoured.honoured_at == first_moment
    assert honoured.honoured_by == shop.member
    assert caught.value.code == "use_already_honoured"
    assert "2026-12-05 17:30" in caught.value.messages[0]
    use.refresh_from_db()
    assert use.honoured_by == shop.member


def test_honour_by_outsider_is_unknown(shop):
    use = redeem_promotion(shop.promotion)

    with pytest.raises(PromotionUse.DoesNotExist):
        honour_use(use, acting_user=shop.other_member)

    use.refresh_from_db()
    assert use.honoured_at is None


def test_honouring_leaves_count(shop):
    use = redeem_promotion(shop.promotion)

    honour_use(use, acting_user=shop.member)

    shop.promotion.refresh_from_db()
    assert shop.promotion.used_count == 1


def test_managed_promotions_per_role(shop):
    assert set(managed_promotions(shop.member)) == {shop.promotion}
    assert set(managed_promotions(shop.moderator)) == {shop.promotion}
    assert set(managed_promotions(shop.administrator)) == {shop.promotion, shop.other_promotion}
    assert set(managed_promotions(shop.other_moderator)) == set()


def make_uses(promotion, moments):
    uses = []
    for moment in moments:
        uses.append(redeem_promotion(promotion, now=moment))
        PromotionUse.objects.filter(pk=uses[-1].pk).update(created_at=moment)
    return uses


def test_uses_per_day_in_helsinki_time(shop):
    Promotion.objects.filter(pk=shop.promotion.pk).update(
        valid_from=at(2026, 12, 1, 8), valid_until=at(2026, 12, 31, 20)
    )
    shop.promotion.refresh_from_db()
    # 00:30 Helsinki time on 3 December is still 2 December in UTC.
    uses = make_uses(shop.promotion, [at(2026, 12, 1, 9), at(2026, 12, 3, 0, 30), at(2026, 12, 3, 23, 50)])
    honour_use(uses[1], acting_user=shop.member)

    periods = count_uses_over_time(shop.promotion, period="day", now=at(2026, 12, 4, 10))

    assert periods == [
        UsePeriod(dt.date(2026, 12, 1), 1, 0),
        UsePeriod(dt.date(2026, 12, 2), 0, 0),
        UsePeriod(dt.date(2026, 12, 3), 2, 1),
        UsePeriod(dt.date(2026, 12, 4), 0, 0),
    ]
    assert count_uses(shop.promotion) == (3, 1)


def test_uses_per_week_and_month(shop):
    Promotion.objects.filter(pk=shop.promotion.pk).update(
        valid_from=at(2026, 11, 25, 8), valid_until=at(2027, 1, 10, 20)
    )
    shop.promotion.refresh_from_db()
    make_uses(shop.promotion, [at(2026, 11, 29, 12), at(2026, 11, 30, 12), at(2026, 12, 31, 23, 30)])

    weeks = count_uses_over_time(shop.promotion, period="week", now=at(2027, 2, 1))
    months = count_uses_over_time(shop.promotion, period="month", now=at(2027, 2, 1))

    assert weeks[0] == UsePeriod(dt.date(2026, 11, 23), 1, 0)
    assert weeks[1] == UsePeriod(dt.date(2026, 11, 30), 1, 0)
    assert weeks[-1].start == dt.date(2027, 1, 4)
    assert sum(week.uses for week in weeks) == 3
    assert months == [
        UsePeriod(dt.date(2026, 11, 1), 2, 0),
        UsePeriod(dt.date(2026, 12, 1), 1, 0),
        UsePeriod(dt.date(2027, 1, 1), 0, 0),
    ]


def test_uses_over_time_before_start_is_empty(shop):
    Promotion.objects.filter(pk=shop.promotion.pk).update(
        valid_from=at(2030, 1, 1), valid_until=at(2030, 2, 1)
    )
    shop.promotion.refresh_from_db()

    assert count_uses_over_time(shop.promotion, now=at(2029, 12, 1)) == []


def test_uses_over_time_rejects_unknown_period(shop):
    with pytest.raises(ValueError):
        count_uses_over_time(shop.promotion, period="year")
