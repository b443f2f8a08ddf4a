"""The anonymous device key that the per-device limit is counted by.

A pupil's browser or app makes a random key once (32 random bytes, base64url, 43
characters), keeps it on the device and sends it with each use in the `X-Device-Key`
header. The server never stores or logs the key: it stores an HMAC-SHA256 of the promotion
id and the key, with a secret derived from SECRET_KEY. Because the promotion id is part of
the hashed value, one device's rows for two promotions carry different hashes.

Changing SECRET_KEY changes every hash, so every device starts again from zero uses.
"""

import re

from django.utils.crypto import salted_hmac

from . import errors

HEADER = "X-Device-Key"
# 16 random bytes in base64url are 22 characters; a longer key is accepted up to 128.
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{22,128}")
HMAC_SALT = "promotions.devices.device_hash"


def clean_device_key(value):
    """Return `value` as a device key, or raise ValidationError (code `device_key_invalid`).

    The message does not repeat the value, because the key is a secret of the device.
    """
    key = (value or "").strip()
    if not KEY_PATTERN.fullmatch(key):
        raise errors.message("device_key_invalid", min=22, max=128)
    return key


def device_hash(promotion_id, device_key):
    """Return the keyed hash of `device_key` for one promotion: 64 hexadecimal characters."""
    return salted_hmac(HMAC_SALT, f"{promotion_id}:{device_key}", algorithm="sha256").hexdigest()
