"""Using promotions through the API: promotions/{id}/use/ with a device key, benefits/ as
in v1, the errors with their codes, and the rate limits."""

import datetime as dt

import pytest
from django.utils import timezone

from core import testing
from promotions.models import DeviceUseCount, Promotion, PromotionUse

from .conftest import client_for

KEY = "a" * 22 + "device-one"
OTHER_KEY = "b" * 22 + "device-two"


def use_url(promotion):
    return f"/api/v1/promotions/{promotion.pk}/use/"


def post_use(promotion, key=KEY, client=None, **extra):
    headers = {"HTTP_X_DEVICE_KEY": key} if key is not None else {}
    return (client or client_for(None)).post(use_url(promotion), format="json", **headers, **extra)


def stored(promotion):
    promotion.refresh_from_db()
    return promotion.used_count, PromotionUse.objects.filter(promotion=promotion).count()


def test_anonymous_use_with_device_key(world):
    response = post_use(world.promotion)

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "promotion", "created_at", "updated_at", "code"}
    assert PromotionUse.objects.get(pk=body["id"]).code == body["code"]
    assert stored(world.promotion) == (1, 2)


def test_use_under_every_prefix(world):
    for prefix in ("/api/v1", "/mobile-api/v1", "/api"):
        response = client_for(None).post(
            f"{prefix}/promotions/{world.promotion.pk}/use/", HTTP_X_DEVICE_KEY=f"{KEY}{prefix.replace('/', '-')}"
        )
        assert response.status_code == 201, (prefix, response.content)


def test_second_use_from_device_rejected(world):
    first = post_use(world.promotion)
    second = post_use(world.promotion, HTTP_ACCEPT_LANGUAGE="en")

    assert first.status_code == 201
    assert second.status_code == 400
    assert second.json()["error_codes"] == {"non_field_errors": ["device_limit_reached"]}
    assert "already used" in second.json()["non_field_errors"][0]
    assert stored(world.promotion) == (1, 2)


def test_other_device_may_use(world):
    post_use(world.promotion)

    assert post_use(world.promotion, OTHER_KEY).status_code == 201


@pytest.mark.parametrize(
    ("key", "code"),
    [(None, "device_key_missing"), ("short", "device_key_invalid"), ("x" * 200, "device_key_invalid")],
)
def test_device_key_required_and_checked(world, key, code):
    response = post_use(world.promotion, key)

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"X-Device-Key": [code]}
    assert stored(world.promotion) == (0, 1)


def test_invalid_key_is_not_echoed(world):
    secret = "not valid because of spaces ..........."

    response = post_use(world.promotion, secret)

    assert secret not in response.content.decode()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"valid_from_days": 2, "valid_until_days": 5}, "promotion_not_started"),
        ({"valid_from_days": -5, "valid_until_days": -1}, "promotion_ended"),
        ({"total_quantity": 0}, "promotion_used_up"),
    ],
)
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_refusals_have_codes_and_translations(world, change, code, language):
    now = timezone.now()
    values = {}
    if "valid_from_days" in change:
        values = {
            "valid_from": now + dt.timedelta(days=change["valid_from_days"]),
            "valid_until": now + dt.timedelta(days=change["valid_until_days"]),
        }
    else:
        values = {"total_quantity": change["total_quantity"], "used_count": 0}
    Promotion.objects.filter(pk=world.promotion.pk).update(**values)

    response = post_use(world.promotion, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"non_field_errors": [code]}
    message = response.json()["non_field_errors"][0]
    assert {"fi": "Etu", "sv": "Förmånen", "en": "The promotion"}[language] in message
    assert stored(world.promotion) == (0, 1)
    assert not DeviceUseCount.objects.exists()


def test_unknown_promotion_is_404(world):
    response = client_for(None).post("/api/v1/promotions/999999/use/", HTTP_X_DEVICE_KEY=KEY)

    assert response.status_code == 404


def test_benefit_post_with_device_key_limits_device(world):
    api_client = client_for(world.users["other"])

    first = api_client.post("/api/v1/benefits/", {"promotion": world.promotion.pk}, HTTP_X_DEVICE_KEY=KEY)
    second = api_client.post("/api/v1/benefits/", {"promotion": world.promotion.pk}, HTTP_X_DEVICE_KEY=KEY)

    assert first.status_code == 201
    assert second.json()["error_codes"] == {"non_field_errors": ["device_limit_reached"]}


def test_keyless_benefit_counts_total_only(world):
    api_client = client_for(world.users["other"])

    statuses = [
        api_client.post("/api/v1/benefits/", {"promotion": world.promotion.pk}).status_code for _ in range(3)
    ]

    assert statuses == [201, 201, 201]
    assert stored(world.promotion) == (3, 4)
    assert not DeviceUseCount.objects.exists()


def test_keyless_benefit_rejected_when_turned_off(world, settings):
    settings.PROMOTION_ACCEPT_KEYLESS_USES = False

    response = client_for(world.users["other"]).post("/api/v1/benefits/", {"promotion": world.promotion.pk})

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"X-Device-Key": ["keyless_use_rejected"]}


def test_anonymous_benefit_post_still_401(world):
    response = client_for(None).post("/api/v1/benefits/", {"promotion": world.promotion.pk}, HTTP_X_DEVICE_KEY=KEY)

    assert response.status_code == 401


def test_rate_limit_per_device(world, settings):
    settings.PROMOTION_USE_RATE_PER_DEVICE = 2
    other = testing.make_promotion(world.provider, world.location)
    third = testing.make_promotion(world.provider, world.location)

    statuses = [post_use(promotion).status_code for promotion in (world.promotion, other, third)]
    limited = post_use(third, HTTP_ACCEPT_LANGUAGE="en")

    assert statuses == [201, 201, 429]
    assert limited.json()["error_codes"] == {"detail": ["rate_limited"]}
    assert "Try again in" in limited.json()["detail"]
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert stored(third) == (0, 0)
    assert post_use(third, OTHER_KEY).status_code == 201


def test_rate_limit_per_address(world, settings):
    settings.PROMOTION_USE_RATE_PER_ADDRESS = 3

    statuses = [post_use(world.promotion, f"{KEY}-{number}").status_code for number in range(4)]
    from_elsewhere = post_use(world.promotion, f"{KEY}-other", REMOTE_ADDR="10.1.2.3")

    assert statuses == [201, 201, 201, 429]
    assert from_elsewhere.status_code == 201


def test_rate_limit_per_token(world, settings):
    from api.models import ApiToken

    settings.PROMOTION_USE_RATE_PER_CLIENT = 2
    settings.PROMOTION_USE_RATE_PER_ADDRESS = 0
    _token, key = ApiToken.issue(user=world.users["other"], name="Vanha mobiilisovellus")
    api_client = client_for(None)

    statuses = [
        api_client.post(
            "/api/v1/benefits/", {"promotion": world.promotion.pk}, HTTP_AUTHORIZATION=f"Token {key}",
            REMOTE_ADDR=f"10.0.0.{number}",
        ).status_code
        for number in range(3)
    ]

    assert statuses == [201, 201, 429]


def test_rate_limited_attempt_stores_nothing(world, settings):
    settings.PROMOTION_USE_RATE_PER_ADDRESS = 1
    post_use(world.promotion, OTHER_KEY)
    before = stored(world.promotion)

    response = post_use(world.promotion)

    assert response.status_code == 429
    assert stored(world.promotion) == before


@pytest.mark.parametrize("body_format", ["json", "multipart"])
def test_benefit_promotion_id_forms(world, body_format):
    api_client = client_for(world.users["other"])

    response = api_client.post("/api/v1/benefits/", {"promotion": f"{world.promotion.pk}.0"}, format=body_format)
    whole = api_client.post("/api/v1/benefits/", {"promotion": float(world.promotion.pk)}, format="json")

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"promotion": ["invalid_id"]}
    assert whole.status_code == 201, whole.content
    assert stored(world.promotion) == (1, 2)


@pytest.mark.parametrize(
    ("value", "code", "shown"),
    [
        ("abc", "invalid_id", "“abc”"),
        (True, "invalid_id", "“True”"),
        (-1, "does_not_exist", "-1"),
        (10**30, "does_not_exist", str(10**30)),
    ],
)
def test_bad_benefit_promotion_is_400(world, value, code, shown):
    response = client_for(world.users["other"]).post(
        "/api/v1/benefits/", {"promotion": value}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"promotion": [code]}
    assert shown in response.json()["promotion"][0]
    assert stored(world.promotion) == (0, 1)
