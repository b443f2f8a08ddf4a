"""The channel (portal, API, admin) of the change being made, for the audit log.

A middleware sets it per request from the path; commands and tests run as "system"
unless they set it themselves with `channel`.
"""

import contextlib
import contextvars

from .models import AuditLogEntry

_channel = contextvars.ContextVar("audit_channel", default=AuditLogEntry.Channel.SYSTEM)

API_PREFIXES = ("/api/", "/mobile-api/", "/auth/")


def current_channel():
    return _channel.get()


@contextlib.contextmanager
def channel(value):
    token = _channel.set(value)
    try:
        yield
    finally:
        _channel.reset(token)


def channel_of_path(path):
    if path.startswith(API_PREFIXES):
        return AuditLogEntry.Channel.API
    # The admin is served in every language: /admin/, /sv/admin/, /en/admin/.
    if "/admin/" in path[:12]:
        return AuditLogEntry.Channel.ADMIN
    return AuditLogEntry.Channel.PORTAL


class AuditChannelMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with channel(channel_of_path(request.path)):
            return self.get_response(request)
