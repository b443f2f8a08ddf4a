"""Long-lived API tokens for integrations.

Only a SHA-256 hash of each key is stored: the key is shown once, when an administrator
issues it. Keys are 256-bit random strings, so a fast hash is enough to make a leaked
table useless; a slow password hash would only cost time on every request.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "hp_"


def hash_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, for example the integration's name."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
        help_text=_("Requests made with the token act as this user, with the user's rights."),
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_start = models.CharField(
        _("key starts with"), max_length=12, editable=False, help_text=_("Identifies the key without revealing it.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.key_start}…)"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @classmethod
    def issue(cls, *, user, name):
        """Create a token and return (token, key). The key is not stored and cannot be shown again."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=hash_key(key), key_start=key[:10])
        return token, key

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
