"""Municipalities, postal codes and the locations where hobbies take place."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.geo import MAX_LATITUDE, MAX_LONGITUDE, MIN_LATITUDE, MIN_LONGITUDE
from core.models import SourcedModel, TimestampedModel

from . import errors

municipality_code_validator = RegexValidator(r"^\d{3}$", _("Enter a three-digit municipality code."))
postal_code_validator = RegexValidator(r"^\d{5}$", _("Enter a five-digit postal code."))


class Municipality(models.Model):
    """A Finnish municipality, by its official three-digit code (Statistics Finland)."""

    code = models.CharField(_("code"), max_length=3, unique=True, validators=[municipality_code_validator])
    name = models.CharField(_("name"), max_length=100)
    region_code = models.CharField(_("region code"), max_length=2, blank=True, default="")
    region_name = models.CharField(_("region"), max_length=100, blank=True, default="")
    centre_latitude = models.FloatField(_("centre latitude"), null=True, blank=True)
    centre_longitude = models.FloatField(_("centre longitude"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    is_active = models.BooleanField(
        pgettext_lazy("municipality", "active"),
        default=True,
        help_text=_("Inactive municipalities are hidden from pupils' municipality lists."),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PostalCode(models.Model):
    """A postal code area with an estimated centre point, for place search and geocoding."""

    code = models.CharField(_("postal code"), max_length=5, unique=True, validators=[postal_code_validator])
    name = models.CharField(_("name"), max_length=100)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,  # postal codes outlive municipality mergers
        null=True,
        blank=True,
        related_name="postal_codes",
        verbose_name=_("municipality"),
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Location(SourcedModel, TimestampedModel):
    """A place where hobbies meet: a sports hall, a youth centre, a field."""

    name = models.CharField(_("name"), max_length=255, blank=True, default="")
    street_address = models.CharField(_("street address"), max_length=255, blank=True, default="")
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True, default="")
    city = models.CharField(_("city"), max_length=100, blank=True, default="")
    latitude = models.FloatField(_("latitude"), null=True, blank=True, db_index=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, db_index=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("municipality"),
    )
    accessibility = models.TextField(
        _("accessibility notes"),
        blank=True,
        default="",
        help_text=_("How to get in with a wheelchair, a pram or impaired sight, for example."),
    )
    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("provider"),
        help_text=_("The provider that maintains this location, if any."),
    )
    categories = models.ManyToManyField(
        "hobbies.HobbyCategory",
        blank=True,
        related_name="locations",
        verbose_name=_("categories"),
        help_text=_("Hobbies this place suits, for example from its sports place type."),
    )
    place_type = models.CharField(
        _("place type"),
        max_length=255,
        blank=True,
        default="",
        help_text=_("The type of place in its data source, for example a LIPAS sports place type."),
    )
    info_url = models.URLField(_("web page"), max_length=1000, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name", "id"]
        constraints = [SourcedModel.origin_constraint("places_location_origin_unique")]
        indexes = [models.Index(fields=["latitude", "longitude"], name="places_location_latlon")]

    def __str__(self):
        return self.name or self.street_address or f"#{self.pk}"

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    def clean(self):
        super().clean()
        clean_coordinates(self.latitude, self.longitude)
        if self.postal_code:
            postal_code_validator(self.postal_code)


def clean_coordinates(latitude, longitude, *, latitude_field="latitude", longitude_field="longitude"):
    """Raise ValidationError unless both coordinates are given and in range, or both are empty."""
    problems = {}
    if (latitude is None) != (longitude is None):
        missing_field = latitude_field if latitude is None else longitude_field
        problems[missing_field] = errors.message("coordinate_pair")
    if latitude is not None and not MIN_LATITUDE <= latitude <= MAX_LATITUDE:
        problems[latitude_field] = errors.message("latitude_range", value=latitude)
    if longitude is not None and not MIN_LONGITUDE <= longitude <= MAX_LONGITUDE:
        problems[longitude_field] = errors.message("longitude_range", value=longitude)
    if problems:
        raise ValidationError(problems)
