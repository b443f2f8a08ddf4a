"""Providers: the municipalities, companies, foundations and associations that offer hobbies.

API v1 calls a provider an "organizer", as the original Harrastuspassi API did.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
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

    def clean(self):
        from places.models import postal_code_validator

        super().clean()
        if self.postal_code:
            try:
                postal_code_validator(self.postal_code)
            except ValidationError as error:
                raise ValidationError({"postal_code": error}) from None


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


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        from django.utils import timezone

        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now()
        )


class Invitation(models.Model):
    """An invitation by e-mail to join a provider. It grants nothing until it is accepted.

    Only a SHA-256 hash of the token is stored; the token itself is in the e-mail link. The
    token is single use, expires (settings INVITATION_LIFETIME) and is bound to the e-mail
    address: only an account with that address can accept it.
    """

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("provider")
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"), max_length=10, choices=ProviderMembership.Role.choices, default=ProviderMembership.Role.EDITOR
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.email} → {self.provider}"

    @property
    def municipality_id(self):
        return self.provider.municipality_id
