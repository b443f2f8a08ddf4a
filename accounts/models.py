"""User accounts and the roles that grant access: provider membership lives in `providers`,
municipal moderation and national administration here."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A provider's staff member, a municipal moderator or a national administrator.

    Pupils never have accounts.
    """

    is_national_admin = models.BooleanField(
        _("national administrator"),
        default=False,
        help_text=_("May see and change everything in every municipality."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="fi",
        help_text=_("Language of e-mails sent to this user."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique_ci",
            ),
        ]

    @property
    def is_administrator(self):
        return self.is_active and (self.is_superuser or self.is_national_admin)


class MunicipalModerator(models.Model):
    """Makes a user a moderator of one municipality: they see and act on everything in it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="moderated_municipalities",
        verbose_name=_("user"),
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.CASCADE,
        related_name="moderators",
        verbose_name=_("municipality"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("municipal moderator")
        verbose_name_plural = _("municipal moderators")
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="accounts_moderator_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.municipality}"
