"""Limits on password-reset e-mails, counted in the cache.

Anyone can ask for a reset link for any address, so without a limit the form could be
used to flood a user's mailbox or to send mail in bulk. An address gets at most
RESET_MAILS_PER_ADDRESS links an hour, and a client at most RESET_REQUESTS_PER_CLIENT
requests an hour. Cache keys are HMACs, so the cache never contains an e-mail or IP address.
"""

import logging
import time

from core.ratelimit import count_hit

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 3600
RESET_MAILS_PER_ADDRESS = 3
RESET_REQUESTS_PER_CLIENT = 20


def _count(bucket, identity, *, now=None):
    now = time.time() if now is None else now
    return count_hit(f"reset:{bucket}", identity, int(now // WINDOW_SECONDS), WINDOW_SECONDS)


def reset_request_allowed(client_address, *, now=None):
    """Count one reset request from `client_address`; return False when over the hourly limit."""
    if not client_address:
        return True
    allowed = _count("client", client_address, now=now) <= RESET_REQUESTS_PER_CLIENT
    if not allowed:
        logger.info("Rejected a password-reset request over the per-client limit")
    return allowed


def reset_mail_allowed(email, *, now=None):
    """Count one reset e-mail to `email`; return False when it has had its hourly share."""
    allowed = _count("email", email.strip().casefold(), now=now) <= RESET_MAILS_PER_ADDRESS
    if not allowed:
        logger.info("Skipped a password-reset e-mail over the per-address limit")
    return allowed
