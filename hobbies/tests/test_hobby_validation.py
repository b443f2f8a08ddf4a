"""Model-layer validation that forms, serializers and importers all rely on."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core import testing
from hobbies.models import (
    Hobby,
    HobbyEvent,
    WeeklySchedule,
    clean_age_range,
    clean_price,
    clean_weekly_rule,
)
from hobbies.timeutils import local_datetime


def error_codes(error):
    return {field: [item.code for item in items] for field, items in error.error_dict.items()}


@pytest.mark.parametrize(
    ("price_type", "amount", "code"),
    [
        ("free", Decimal("5.00"), "price_free_not_zero"),
        ("paid", Decimal("0"), "price_missing"),
        ("annual", None, "price_missing"),
        ("seasonal", Decimal("-1"), "price_negative"),
        ("one_time", Decimal("100000"), "price_too_high"),
    ],
)
def test_price_rule_rejects(price_type, amount, code):
    with pytest.raises(ValidationError) as caught:
        clean_price(price_type, amount)
    assert error_codes(caught.value) == {"price_amount": [code]}


@pytest.mark.parametrize(
    ("price_type", "amount"),
    [("free", Decimal("0")), ("free", None), ("paid", Decimal("12.50")), ("one_time", Decimal("99999.99"))],
)
def test_price_rule_accepts(price_type, amount):
    clean_price(price_type, amount)


def test_unknown_amount_allowed_only_for_imports():
    clean_price("paid", None, allow_unknown=True)
    with pytest.raises(ValidationError) as caught:
        clean_price("paid", None)
    assert error_codes(caught.value) == {"price_amount": ["price_missing"]}
    with pytest.raises(ValidationError):
        clean_price("free", Decimal("3"), allow_unknown=True)


def test_price_message_names_value_in_finnish_and_swedish():
    with pytest.raises(ValidationError) as caught:
        clean_price("free", Decimal("5.00"))
    error = caught.value.error_dict["price_amount"][0]
    with translation.override("fi"):
        finnish = " ".join(error.messages)
    with translation.override("sv"):
        swedish = " ".join(error.messages)
    with translation.override("en"):
        english = " ".join(error.messages)
    assert "5.00" in english
    assert "5.00" in finnish
    assert finnish != english
    assert swedish != english


@pytest.mark.parametrize(
    ("min_age", "max_age", "expected"),
    [
        (-1, 10, {"min_age": ["age_range"]}),
        (10, 100, {"max_age": ["age_range"]}),
        (14, 12, {"min_age": ["age_order"]}),
    ],
)
def test_age_range_rejects(min_age, max_age, expected):
    with pytest.raises(ValidationError) as caught:
        clean_age_range(min_age, max_age)
    assert error_codes(caught.value) == expected


@pytest.mark.parametrize(("min_age", "max_age"), [(None, None), (12, None), (None, 16), (0, 99), (13, 13)])
def test_age_range_accepts(min_age, max_age):
    clean_age_range(min_age, max_age)


@pytest.mark.django_db
def test_hobby_full_clean_collects_price_and_age_errors():
    hobby = Hobby(name_fi="Kitarakurssi", price_type="paid", price_amount=Decimal("0"), min_age=16, max_age=12)
    with pytest.raises(ValidationError) as caught:
        hobby.full_clean()
    codes = error_codes(caught.value)
    assert codes["price_amount"] == ["price_missing"]
    assert codes["min_age"] == ["age_order"]


@pytest.mark.django_db
def test_database_rejects_negative_price_even_without_clean():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Hobby.objects.create(name_fi="Rikki", price_type="paid", price_amount=Decimal("-5"))


def test_weekly_rule_canonicalises_weekdays_and_dates():
    weekdays, exceptions = clean_weekly_rule(
        [4, "2", 2], dt.time(17), dt.time(18), dt.date(2026, 8, 10), dt.date(2026, 12, 18), ["2026-10-15", dt.date(2026, 10, 13)]
    )
    assert weekdays == [2, 4]
    assert exceptions == ["2026-10-13", "2026-10-15"]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (([], dt.time(17), dt.time(18), dt.date(2026, 8, 1), dt.date(2026, 9, 1), []), {"weekdays": ["weekdays_missing"]}),
        (([8], dt.time(17), dt.time(18), dt.date(2026, 8, 1), dt.date(2026, 9, 1), []), {"weekdays": ["weekday_invalid"]}),
        (([1], dt.time(18), dt.time(17), dt.date(2026, 8, 1), dt.date(2026, 9, 1), []), {"end_time": ["end_before_start"]}),
        (([1], dt.time(17), dt.time(18), dt.date(2026, 9, 1), dt.date(2026, 8, 1), []), {"last_date": ["last_before_first"]}),
        (([1], dt.time(17), dt.time(18), dt.date(1999, 12, 1), dt.date(2026, 8, 1), []), {"first_date": ["date_too_early"]}),
        (([1], dt.time(17), dt.time(18), dt.date(2026, 8, 1), dt.date(2101, 1, 1), []), {"last_date": ["date_too_late"]}),
        (([1], dt.time(17), dt.time(18), dt.date(2026, 8, 1), dt.date(2026, 9, 1), ["13.10.2026"]), {"exception_dates": ["exception_date_invalid"]}),
    ],
)
def test_weekly_rule_rejects(arguments, expected):
    with pytest.raises(ValidationError) as caught:
        clean_weekly_rule(*arguments)
    assert error_codes(caught.value) == expected


@pytest.mark.django_db
def test_session_clean_rejects_end_before_start(hobby):
    start = local_datetime(dt.date(2026, 9, 1), dt.time(18))
    event = HobbyEvent(hobby=hobby, start_at=start, end_at=start - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert error_codes(caught.value) == {"end_at": ["end_before_start"]}


@pytest.mark.django_db
def test_session_clean_rejects_year_before_2000(hobby):
    start = local_datetime(dt.date(1999, 9, 1), dt.time(18))
    event = HobbyEvent(hobby=hobby, start_at=start, end_at=start + dt.timedelta(hours=1))
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert error_codes(caught.value) == {"start_at": ["date_too_early"]}


@pytest.mark.django_db
def test_schedule_full_clean_stores_canonical_rule(hobby):
    schedule = WeeklySchedule(
        hobby=hobby,
        weekdays=["3", 1],
        start_time=dt.time(17),
        end_time=dt.time(18),
        first_date=dt.date(2026, 8, 10),
        last_date=dt.date(2026, 12, 18),
    )
    schedule.full_clean()
    assert schedule.weekdays == [1, 3]


@pytest.mark.django_db
def test_location_rejects_out_of_range_coordinates():
    location = testing.make_location()
    location.latitude = 91
    with pytest.raises(ValidationError) as caught:
        location.full_clean()
    assert error_codes(caught.value) == {"latitude": ["latitude_range"]}
    location.latitude = None
    with pytest.raises(ValidationError) as caught:
        location.full_clean()
    assert error_codes(caught.value) == {"latitude": ["coordinate_pair"]}
