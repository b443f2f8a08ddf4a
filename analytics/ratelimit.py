"""A per-address request limit for the public event endpoint, counted in the cache.

The client address is used only here and only in hashed form: the cache key is an HMAC of
the address and the current minute, so neither the cache nor the database ever contains
the address itself.
"""

import time

from django.conf import settings

from core.ratelimit import count_hit

WINDOW_SECONDS = 60


def client_address(request):
    # NOTE: behind a reverse proxy REMOTE_ADDR is the proxy's address, so every pupil shares
    # one limit. The proxy must pass the client address in REMOTE_ADDR, or the limit be raised.
    return request.META.get("REMOTE_ADDR", "")


def check_rate(address, *, limit=None, now=None):
    """Count one request from `address`; return 0 when allowed, else the seconds to wait.

    A fixed one-minute window: cheap, and a burst at a window's edge is harmless here.
    A limit of 0 turns the check off.
    """
    limit = settings.ANALYTICS_RATE_LIMIT_PER_MINUTE if limit is None else limit
    if limit <= 0:
        return 0
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    if count_hit("analytics", address, window, WINDOW_SECONDS) <= limit:
        return 0
    return max(1, int((window + 1) * WINDOW_SECONDS - now))
