"""Per-minute limits on attempts to use promotions, counted in the cache.

Every attempt counts, refused or not, against up to three limits: the device key, the
client address and the API client (the account or API token that authenticated the
request). The old mobile apps share one static token, so the token limit caps all their uses
together. Cache keys are HMACs of the identity and the minute, so the cache never contains
an address, a device key or a token.

The cache must be shared by every server process for the limits to hold across them
(CACHE_URL=redis://... in production). A local-memory cache counts per process.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings

from core.ratelimit import count_hit

from .errors import RateLimited

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Requester:
    """Who is attempting a use, as far as the limits need to know. Any part may be empty."""

    address: str = ""
    device_key: str = ""
    client: str = ""


def client_address(request):
    # NOTE: behind a reverse proxy REMOTE_ADDR is the proxy's address, so every pupil would
    # share one limit. The proxy must pass the client address in REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR", "")


def limits():
    """Return (bucket, limit per minute) pairs from the settings; 0 turns a limit off."""
    return (
        ("device", settings.PROMOTION_USE_RATE_PER_DEVICE),
        ("address", settings.PROMOTION_USE_RATE_PER_ADDRESS),
        ("client", settings.PROMOTION_USE_RATE_PER_CLIENT),
    )


def check_use_rate(requester, *, now=None):
    """Count one use attempt of `requester`; raise RateLimited when a limit is exceeded.

    A fixed one-minute window per identity. Every bucket is counted even when an earlier one
    is already over, so that a requester cannot spread attempts by rotating one identity.
    """
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    identities = {"device": requester.device_key, "address": requester.address, "client": requester.client}
    exceeded = []
    for bucket, limit in limits():
        identity = identities[bucket]
        if limit <= 0 or not identity:
            continue
        if _count(bucket, identity, window) > limit:
            exceeded.append(bucket)
    if exceeded:
        logger.info("Rate-limited a promotion use attempt on %s", ",".join(exceeded))
        raise RateLimited(max(1, int((window + 1) * WINDOW_SECONDS - now)))


def _count(bucket, identity, window):
    return count_hit(f"promotions:{bucket}", identity, window, WINDOW_SECONDS)
