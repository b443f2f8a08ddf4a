"""Providers: the municipalities, companies, foundations and associations that offer hobbies.

API v1 calls a provider an "organizer", as the original Harrastuspassi API did.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import SourcedModel, TimestampedModel


class Provider(SourcedModel, TimestampedModel):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", pgettext_lazy("provider kind", "Municipality")
        COMPANY = "company", pgettext_lazy("provider kind", "Company")
        FOUNDATION = "foundation", pgettext_lazy("provider kind", "Foundation")
        ASSOCIATION = "association", pgettext_lazy("provider kind", "Association")
        OTHER = "other", pgettext_lazy("provider kind", "Other")

    name = models.CharField(_("name"), max_length=256)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True, default="")
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="providers",
        verbose_name=_("municipality"),
        help_text=_("The home municipality; its moderators oversee this provider."),
    )
    email = models.EmailField(_("e-mail"), blank=True, default="")
    phone = models.CharField(_("phone"), max_length=50, blank=True, default="")
    website = models.URLField(_("web site"), max_length=1000, blank=True, default="")
    street_address = models.CharField(_("street address"), max_length=255, blank=True, default="")
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True, default="")
    city = models.CharField(_("city"), max_length=100, blank=True, default="")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ProviderMembership",
        related_name="providers",
        verbose_name=_("members"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name", "id"]
        constraints = [SourcedModel.origin_constraint("providers_provider_origin_unique")]

    def __str__(self):
        return self.name


class ProviderMembership(models.Model):
    """A user's role in a provider. Admins manage members; editors manage content."""

    class Role(models.TextChoices):
        ADMIN = "admin", pgettext_lazy("membership role", "Admin")
        EDITOR = "editor", pgettext_lazy("membership role", "Editor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="provider_memberships",
        verbose_name=_("user"),
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("provider")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("provider membership")
        verbose_name_plural = _("provider memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="providers_membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.provider} ({self.get_role_display()})"
