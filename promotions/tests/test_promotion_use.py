"""redeem_promotion: the window, the total, the per-device limit, and nothing stored on refusal."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from core import testing
from promotions.codes import CODE_ALPHABET
from promotions.devices import clean_device_key, device_hash
from promotions.models import DeviceUseCount, Promotion, PromotionUse
from promotions.services import redeem_promotion

from .conftest import device_key


def stored_state(promotion):
    promotion.refresh_from_db()
    return (
        promotion.used_count,
        PromotionUse.objects.filter(promotion=promotion).count(),
        sorted(DeviceUseCount.objects.filter(promotion=promotion).values_list("use_count", flat=True)),
    )


def refusal_code(promotion, **kwargs):
    with pytest.raises(ValidationError) as caught:
        redeem_promotion(promotion, **kwargs)
    return caught.value.code


def test_use_counts_and_draws_code(shop):
    use = redeem_promotion(shop.promotion, device_key=device_key(1))

    assert len(use.code) == 9
    assert use.code[4] == "-"
    assert set(use.code.replace("-", "")) <= set(CODE_ALPHABET)
    assert shop.promotion.used_count == 1
    assert stored_state(shop.promotion) == (1, 1, [1])


def test_use_record_holds_no_device(shop):
    use = redeem_promotion(shop.promotion, device_key=device_key(1))

    stored = PromotionUse.objects.filter(pk=use.pk).values()[0]
    assert set(stored) == {
        "id", "promotion_id", "code", "created_at", "updated_at", "honoured_at", "honoured_by_id"
    }


def test_device_hash_differs_per_promotion(shop):
    key = device_key(1)

    assert device_hash(shop.promotion.pk, key) != device_hash(shop.other_promotion.pk, key)
    assert key not in device_hash(shop.promotion.pk, key)


def test_device_limit_one(shop):
    redeem_promotion(shop.promotion, device_key=device_key(1))

    assert refusal_code(shop.promotion, device_key=device_key(1)) == "device_limit_reached"
    assert stored_state(shop.promotion) == (1, 1, [1])


def test_device_limit_three_then_other_device(shop):
    Promotion.objects.filter(pk=shop.promotion.pk).update(per_device_limit=3)
    for _ in range(3):
        redeem_promotion(shop.promotion, device_key=device_key(1))

    code = refusal_code(shop.promotion, device_key=device_key(1))
    redeem_promotion(shop.promotion, device_key=device_key(2))

    assert code == "device_limit_reached"
    assert stored_state(shop.promotion) == (4, 4, [1, 3])


def test_keyless_uses_count_only_total(shop):
    for _ in range(3):
        redeem_promotion(shop.promotion)

    assert stored_state(shop.promotion) == (3, 3, [])


def test_used_up_refused_and_nothing_stored(shop):
    Promotion.objects.filter(pk=shop.promotion.pk).update(total_quantity=1)
    redeem_promotion(shop.promotion, device_key=device_key(1))

    code = refusal_code(shop.promotion, device_key=device_key(2))

    assert code == "promotion_used_up"
    assert stored_state(shop.promotion) == (1, 1, [1])


def test_device_limit_reported_before_used_up(shop):
    Promotion.objects.filter(pk=shop.promotion.pk).update(total_quantity=1)
    redeem_promotion(shop.promotion, device_key=device_key(1))

    assert refusal_code(shop.promotion, device_key=device_key(1)) == "device_limit_reached"


@pytest.mark.parametrize(
    ("start_days", "end_days", "expected"),
    [(1, 5, "promotion_not_started"), (-5, -1, "promotion_ended")],
)
def test_outside_window_refused(shop, start_days, end_days, expected):
    now = timezone.now()
    Promotion.objects.filter(pk=shop.promotion.pk).update(
        valid_from=now + dt.timedelta(days=start_days), valid_until=now + dt.timedelta(days=end_days)
    )

    assert refusal_code(shop.promotion, device_key=device_key(1)) == expected
    assert stored_state(shop.promotion) == (0, 0, [])


def test_window_edges(shop):
    promotion = shop.promotion
    promotion.refresh_from_db()

    at_start = redeem_promotion(promotion, now=promotion.valid_from)
    code_at_end = refusal_code(promotion, now=promotion.valid_until)

    assert at_start.pk
    assert code_at_end == "promotion_ended"


def test_refusal_message_is_translated(shop):
    shop.promotion.name_fi = "Kokeilu"
    shop.promotion.name_sv = "Prova på"
    shop.promotion.total_quantity = 0
    shop.promotion.save()

    with translation.override("sv"):
        with pytest.raises(ValidationError) as caught:
            redeem_promotion(shop.promotion)
        swedish = caught.value.messages[0]
    with translation.override("fi"):
        finnish = caught.value.messages[0]

    assert "Prova på" in swedish
    assert swedish.startswith("Förmånen")
    assert finnish.startswith("Etu")


@pytest.mark.parametrize("value", ["", "short", "x" * 129, "has space in it 0123456789", "ääääääääääääääääääääääää"])
def test_invalid_device_key(value):
    with pytest.raises(ValidationError) as caught:
        clean_device_key(value)

    assert caught.value.code == "device_key_invalid"


def test_random_key_of_browser_is_valid():
    key = "q2Xz0rT9-_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456"

    assert clean_device_key(key) == key


def test_codes_are_unique_across_promotions(shop):
    codes = {redeem_promotion(shop.other_promotion).code for _ in range(5)}
    codes |= {redeem_promotion(shop.promotion).code for _ in range(5)}

    assert len(codes) == 10


def test_other_promotion_unaffected(shop):
    other = testing.make_promotion(shop.provider, shop.location, total_quantity=1)

    redeem_promotion(other, device_key=device_key(1))
    redeem_promotion(shop.promotion, device_key=device_key(1))

    assert stored_state(other) == (1, 1, [1])
    assert stored_state(shop.promotion) == (1, 1, [1])


@pytest.mark.parametrize(
    ("language", "quantity", "expected"),
    [
        ("fi", 1, "Etu ”Kokeilu” on käytetty loppuun: sen ainoa käyttökerta on jo käytetty."),
        ("fi", 3, "Etu ”Kokeilu” on käytetty loppuun: kaikki 3 käyttökertaa on jo käytetty."),
        ("sv", 1, "Förmånen ”Kokeilu” är förbrukad: den enda användningen är redan tagen."),
        ("en", 1, "The promotion “Kokeilu” has been used up: its only use is taken."),
        ("en", 3, "The promotion “Kokeilu” has been used up: all 3 uses are taken."),
    ],
)
def test_used_up_message_has_plural_forms(shop, language, quantity, expected):
    Promotion.objects.filter(pk=shop.promotion.pk).update(name_fi="Kokeilu", total_quantity=quantity)
    for number in range(quantity):
        redeem_promotion(shop.promotion, device_key=device_key(number))

    with translation.override(language):
        with pytest.raises(ValidationError) as caught:
            redeem_promotion(shop.promotion, device_key=device_key(99))
        message = caught.value.messages[0]

    assert message == expected


@pytest.mark.parametrize(
    ("language", "expected_end"),
    [("en", "Fri 4 Dec 2026 14:30"), ("fi", "pe 4.12.2026 klo 14.30"), ("sv", "fre 4.12.2026 kl. 14.30")],
)
def test_ended_message_gives_helsinki_time_in_words(shop, language, expected_end):
    end = dt.datetime(2026, 12, 4, 12, 30, tzinfo=dt.UTC)  # 14:30 in Helsinki (UTC+2)
    Promotion.objects.filter(pk=shop.promotion.pk).update(
        valid_from=end - dt.timedelta(days=30), valid_until=end
    )

    with translation.override(language):
        with pytest.raises(ValidationError) as caught:
            redeem_promotion(shop.promotion, device_key=device_key(1), now=end + dt.timedelta(hours=1))
        message = caught.value.messages[0]

    assert message.endswith(f"{expected_end}.")
