"""Fixed-window counters in the cache, shared by the project's rate limits.

Keys are HMACs of the identity and the window, so the cache never contains an address, an
e-mail address, a device key or a token. The cache must be shared by every server process
for a limit to hold across them (CACHE_URL=redis://... in production).
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache


def count_hit(namespace, identity, window, window_seconds):
    """Add one to the count of `identity` in time window number `window`; return the count."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{namespace}|{identity}|{window}".encode(), hashlib.sha256)
    key = f"rate:{digest.hexdigest()[:40]}"
    cache.add(key, 0, window_seconds + 1)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, window_seconds + 1)
        return 1
