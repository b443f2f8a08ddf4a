"""Exactness under real parallel requests against a live server, on SQLite and PostgreSQL.

Each client is a thread that opens its own HTTP connection. A barrier releases them all at
once, and the live server handles each request in its own thread with its own database
connection, as separate server processes would.
"""

import json
import urllib.error
import urllib.request

import pytest

from core import testing
from promotions.models import DeviceUseCount, Promotion, PromotionUse

from .conftest import device_key

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def open_limits(settings):
    """Turn the rate limits off: every parallel client comes from 127.0.0.1."""
    settings.PROMOTION_USE_RATE_PER_DEVICE = 0
    settings.PROMOTION_USE_RATE_PER_ADDRESS = 0
    settings.PROMOTION_USE_RATE_PER_CLIENT = 0


def request(method, url, *, headers=None, body=None):
    """Send one HTTP request; return (status, parsed JSON body or None)."""
    data = json.dumps(body).encode() if body is not None else None
    prepared = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        prepared.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(prepared, timeout=120) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def parallel_uses(server_url, promotion, keys):
    url = f"{server_url}/api/v1/promotions/{promotion.pk}/use/"
    calls = [lambda key=key: request("POST", url, headers={"X-Device-Key": key}) for key in keys]
    return testing.run_in_parallel(calls)


def make_promotion_with_left(left, **fields):
    provider = testing.make_provider()
    promotion = testing.make_promotion(provider, testing.make_location(), total_quantity=left + 7, **fields)
    Promotion.objects.filter(pk=promotion.pk).update(used_count=7)
    return promotion


def outcome(results):
    successes = [body for status, body in results if status == 201]
    refusals = [body["error_codes"]["non_field_errors"][0] for status, body in results if status == 400]
    return successes, refusals


@pytest.mark.parametrize(("left", "clients"), [(1, 20), (3, 50)])
def test_parallel_uses_take_exactly_what_is_left(parallel_live_server, open_limits, left, clients):
    promotion = make_promotion_with_left(left)

    results = parallel_uses(parallel_live_server, promotion, [device_key(number) for number in range(clients)])

    successes, refusals = outcome(results)
    assert len(successes) == left
    assert refusals == ["promotion_used_up"] * (clients - left)
    assert len({body["code"] for body in successes}) == left
    promotion.refresh_from_db()
    assert promotion.used_count == promotion.total_quantity
    assert PromotionUse.objects.filter(promotion=promotion).count() == left
    assert DeviceUseCount.objects.filter(promotion=promotion).count() == left


def test_parallel_uses_of_one_device_pass_limit_once(parallel_live_server, open_limits):
    promotion = make_promotion_with_left(10)

    results = parallel_uses(parallel_live_server, promotion, [device_key(1)] * 20)

    successes, refusals = outcome(results)
    assert len(successes) == 1
    assert refusals == ["device_limit_reached"] * 19
    promotion.refresh_from_db()
    assert promotion.used_count == 8
    assert list(DeviceUseCount.objects.filter(promotion=promotion).values_list("use_count", flat=True)) == [1]


def test_parallel_uses_of_one_device_with_limit_three(parallel_live_server, open_limits):
    promotion = make_promotion_with_left(10, per_device_limit=3)

    results = parallel_uses(parallel_live_server, promotion, [device_key(1)] * 12 + [device_key(2)] * 12)

    successes, refusals = outcome(results)
    assert len(successes) == 6
    assert sorted(DeviceUseCount.objects.filter(promotion=promotion).values_list("use_count", flat=True)) == [3, 3]
    assert PromotionUse.objects.filter(promotion=promotion).count() == 6


def test_edits_during_parallel_uses_keep_count(parallel_live_server, open_limits):
    """PATCH and PUT of the promotion race the uses; the count must equal the uses in the end."""
    promotion = make_promotion_with_left(30)
    editor = testing.make_member(promotion.provider, role="admin")
    _token, key = _issue_token(editor)
    headers = {"Authorization": f"Token {key}"}
    detail_url = f"{parallel_live_server}/api/v1/promotions/{promotion.pk}/"
    status, fetched = request("GET", detail_url)
    assert status == 200
    # The whole object as read before the uses, as the provider web UI sends it back.
    stale = {**fetched, "used_count": 0, "name": "Muokattu kesken käytön"}
    del stale["cover_image"]
    edits = [
        lambda: request("PATCH", detail_url, headers=headers, body={"name": "Muokattu", "used_count": 0}),
        lambda: request("PUT", detail_url, headers=headers, body=stale),
    ] * 5
    use_url = f"{parallel_live_server}/api/v1/promotions/{promotion.pk}/use/"
    uses = [
        lambda number=number: request("POST", use_url, headers={"X-Device-Key": device_key(number)})
        for number in range(20)
    ]

    results = testing.run_in_parallel(edits + uses)

    assert [status for status, _body in results[:10]] == [200] * 10
    assert [status for status, _body in results[10:]] == [201] * 20
    promotion.refresh_from_db()
    assert promotion.used_count == 27
    assert PromotionUse.objects.filter(promotion=promotion).count() == 20


def test_delete_during_parallel_uses_removes_every_use(parallel_live_server, open_limits):
    """A delete that races the uses succeeds, and each use either counts or gets 404."""
    promotion = make_promotion_with_left(30)
    editor = testing.make_member(promotion.provider, role="admin")
    _token, key = _issue_token(editor)
    detail_url = f"{parallel_live_server}/api/v1/promotions/{promotion.pk}/"
    use_url = f"{detail_url}use/"
    uses = [
        lambda number=number: request("POST", use_url, headers={"X-Device-Key": device_key(number)})
        for number in range(12)
    ]
    delete = [lambda: request("DELETE", detail_url, headers={"Authorization": f"Token {key}"})]

    results = testing.run_in_parallel(uses[:6] + delete + uses[6:])

    statuses = [status for status, _body in results]
    assert statuses[6] == 204
    assert set(statuses[:6] + statuses[7:]) <= {201, 404}
    assert not Promotion.objects.filter(pk=promotion.pk).exists()
    assert not PromotionUse.objects.filter(promotion_id=promotion.pk).exists()


def _issue_token(user):
    from api.models import ApiToken

    return ApiToken.issue(user=user, name="Rinnakkaistesti")


def redis_cache_settings():
    """Return CACHES for the local Redis, with a key prefix of its own; skip without Redis.

    Production shares rate-limit counts between server processes through Redis
    (CACHE_URL=redis://...). Under CI=true a missing Redis fails the test instead.
    """
    import uuid

    import redis

    from conftest import running_in_ci

    location = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(location, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        if running_in_ci():
            pytest.fail(f"CI=true and Redis is not reachable at {location}: {error}")
        pytest.skip(f"Redis is not reachable at {location}: {error}")
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }


@pytest.mark.parametrize("cache", ["locmem", "redis"])
def test_parallel_attempts_pass_rate_limit_exactly(parallel_live_server, settings, cache):
    if cache == "redis":
        settings.CACHES = redis_cache_settings()
    settings.PROMOTION_USE_RATE_PER_DEVICE = 0
    settings.PROMOTION_USE_RATE_PER_CLIENT = 0
    settings.PROMOTION_USE_RATE_PER_ADDRESS = 5
    promotion = make_promotion_with_left(30)

    results = parallel_uses(parallel_live_server, promotion, [device_key(number) for number in range(12)])

    statuses = sorted(status for status, _body in results)
    assert statuses == [201] * 5 + [429] * 7
    assert {body["error_codes"]["detail"][0] for status, body in results if status == 429} == {"rate_limited"}
    assert PromotionUse.objects.filter(promotion=promotion).count() == 5
