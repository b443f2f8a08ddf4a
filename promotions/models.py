"""Promotions (trial sessions, tickets, discounts) and the record of each use.

A use stores when it happened, which promotion it was, a short code that the pupil shows
to the provider and whether the provider has honoured it. Nothing in it identifies the pupil.

`used_count` is the running count of uses. Only promotions.services changes it, with one
conditional UPDATE, so that it can never pass `total_quantity`, and `Promotion.save()` leaves
it out of every UPDATE, so that an edit or an import working on an instance read before a
use cannot write an old count back.

The per-device limit is counted in DeviceUseCount, apart from the uses, so that a use row
cannot be tied to the device that made it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import TimestampedModel

# Columns that only the conditional UPDATEs of promotions.services write.
SERVICE_ONLY_FIELDS = frozenset({"used_count"})


# Upper bounds that keep values far inside the database columns' ranges; a real promotion
# never comes near them.
MAX_QUANTITY = 1_000_000
MAX_PER_DEVICE_LIMIT = 100

class Promotion(TimestampedModel):
    class Kind(models.TextChoices):
        TRIAL_SESSION = "trial_session", pgettext_lazy("promotion kind", "Trial session")
        TICKET = "ticket", pgettext_lazy("promotion kind", "Ticket")
        DISCOUNT = "discount", pgettext_lazy("promotion kind", "Discount")
        OTHER = "other", pgettext_lazy("promotion kind", "Other benefit")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.CASCADE,
        related_name="promotions",
        verbose_name=_("provider"),
    )
    location = models.ForeignKey(
        "places.Location",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promotions",
        verbose_name=_("location"),
    )
    hobby = models.ForeignKey(
        "hobbies.Hobby",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promotions",
        verbose_name=_("hobby"),
    )
    event = models.ForeignKey(
        "hobbies.HobbyEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promotions",
        verbose_name=pgettext_lazy("hobby session", "session"),
        help_text=_("The session that a trial session or ticket is for, if only one."),
    )
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True, default="")
    terms = models.TextField(_("terms"), blank=True, default="")
    cover_image = models.ImageField(_("cover image"), upload_to="promotions/", blank=True)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"), db_index=True)
    total_quantity = models.PositiveIntegerField(
        _("total quantity"), help_text=_("How many times the promotion can be used in all.")
    )
    used_count = models.PositiveIntegerField(_("used"), default=0, editable=False)
    per_device_limit = models.PositiveSmallIntegerField(
        _("uses per device"), default=1, help_text=_("How many times one device may use the promotion.")
    )
    target_municipalities = models.ManyToManyField(
        "places.Municipality",
        blank=True,
        related_name="targeted_promotions",
        verbose_name=_("target municipalities"),
        help_text=_("Pupils of these municipalities see the promotion; empty means everyone."),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promotions",
        verbose_name=_("municipality"),
        help_text=_("The municipality whose moderators oversee this promotion."),
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
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["id"]
        constraints = [
            # The conditional UPDATE in promotions.services keeps this; the database enforces it too.
            models.CheckConstraint(
                condition=Q(used_count__lte=F("total_quantity")), name="promotions_used_within_quantity"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("valid_from")), name="promotions_valid_until_after_from"
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(min_age__lte=F("max_age")),
                name="promotions_age_order",
            ),
            models.CheckConstraint(condition=Q(per_device_limit__gte=1), name="promotions_per_device_limit_positive"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """Save the promotion; an UPDATE never writes `used_count`.

        An INSERT writes every column, so a loader may create a promotion with uses already
        counted. Passing `used_count` in `update_fields` raises ValueError.
        """
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            if SERVICE_ONLY_FIELDS & set(update_fields):
                raise ValueError("used_count is changed only by promotions.services, never by save()")
        elif not self._state.adding and not kwargs.get("force_insert"):
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name not in SERVICE_ONLY_FIELDS
                and field.attname not in deferred
            ]
        super().save(*args, **kwargs)

    def clean(self):
        from .services import clean_promotion

        clean_promotion(self)

    @property
    def remaining_count(self):
        return max(0, self.total_quantity - self.used_count)

    def availability(self, now):
        """Return 'upcoming', 'ended', 'used_up' or 'open': whether a use at `now` can succeed."""
        if now < self.valid_from:
            return "upcoming"
        if now >= self.valid_until:
            return "ended"
        if self.remaining_count == 0:
            return "used_up"
        return "open"


class PromotionUse(models.Model):
    """One use of a promotion. It holds no data about the pupil who used it."""

    promotion = models.ForeignKey(
        Promotion, on_delete=models.CASCADE, related_name="uses", verbose_name=_("promotion")
    )
    # Unique across all promotions, so that a provider can look a code up without naming the promotion.
    code = models.CharField(
        _("redemption code"),
        max_length=16,
        unique=True,
        help_text=_("The short code that the pupil shows to the provider."),
    )
    created_at = models.DateTimeField(_("used at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    honoured_at = models.DateTimeField(
        _("honoured at"),
        null=True,
        blank=True,
        help_text=_("When the provider confirmed the code and gave the benefit; empty while unclaimed."),
    )
    # The provider's staff member who confirmed the code, never the pupil.
    honoured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("honoured by"),
    )

    class Meta:
        verbose_name = _("promotion use")
        verbose_name_plural = _("promotion uses")
        ordering = ["id"]
        indexes = [
            # Uses over time per promotion.
            models.Index(fields=["promotion", "created_at"], name="promotions_use_time"),
        ]

    def __str__(self):
        return f"{self.promotion_id}: {self.code}"

    @property
    def is_honoured(self):
        return self.honoured_at is not None


class DeviceUseCount(models.Model):
    """How many times one device has used one promotion, for the per-device limit.

    The device is stored only as a keyed hash of the promotion id and the device's random key
    (see promotions.devices), so the rows of one device for two promotions cannot be linked.
    The row has no time, so it cannot be matched to the use that it counts.
    """

    promotion = models.ForeignKey(
        Promotion, on_delete=models.CASCADE, related_name="device_counts", verbose_name=_("promotion")
    )
    device_hash = models.CharField(_("device hash"), max_length=64)
    use_count = models.PositiveSmallIntegerField(_("uses"), default=0)

    class Meta:
        verbose_name = _("device use count")
        verbose_name_plural = _("device use counts")
        constraints = [
            models.UniqueConstraint(fields=["promotion", "device_hash"], name="promotions_device_count_unique"),
        ]

    def __str__(self):
        return f"{self.promotion_id}: {self.use_count}"
