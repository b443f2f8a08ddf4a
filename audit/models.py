"""The audit log: one row for every change that a portal user or an API client makes.

Service functions write the rows (see audit.log), so the portal, the API and commands are
recorded alike. A row names its provider and municipality, which decide who may read it:
provider members read their organization's rows, moderators their municipality's.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditLogEntry(models.Model):
    class Channel(models.TextChoices):
        PORTAL = "portal", pgettext_lazy("audit channel", "Portal")
        API = "api", pgettext_lazy("audit channel", "API")
        ADMIN = "admin", pgettext_lazy("audit channel", "Admin")
        SYSTEM = "system", pgettext_lazy("audit channel", "System")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # The user's name when the change was made, so the row stays readable after the
    # account is deleted or renamed.
    actor_name = models.CharField(_("user name"), max_length=255, blank=True, default="")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.SYSTEM)
    action = models.CharField(
        _("action"), max_length=64, db_index=True, help_text=_("A dotted code such as hobby.updated.")
    )
    object_type = models.CharField(_("object type"), max_length=32)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, default="")
    object_label = models.CharField(_("object"), max_length=255, blank=True, default="")
    # Plain references rather than foreign keys with constraints: the log outlives the
    # providers and municipalities it names, and a deleted provider's members must not
    # lose its history through SET_NULL.
    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider"),
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    changes = models.JSONField(
        _("changes"),
        default=dict,
        blank=True,
        help_text=_("Changed fields as {field: [old value, new value]}; secrets are masked."),
    )

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log entries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["provider", "-created_at"], name="audit_provider_time"),
            models.Index(fields=["municipality", "-created_at"], name="audit_municipality_time"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"
