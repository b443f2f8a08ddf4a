"""Abstract models shared by the domain apps."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class SourcedModel(models.Model):
    """A record that may come from an outside data source.

    Importers find their earlier copy of a record by (data_source, origin_id), so a
    re-run updates it instead of adding a duplicate. Records made in the portal or
    the API have an empty data_source and origin_id.
    """

    data_source = models.CharField(
        _("data source"),
        max_length=64,
        blank=True,
        default="",
        help_text=_("Where the record was imported from, for example 'linkedevents' or 'lipas'."),
    )
    origin_id = models.CharField(
        _("origin id"),
        max_length=255,
        blank=True,
        default="",
        help_text=_("The record's id in its data source."),
    )

    class Meta:
        abstract = True

    @classmethod
    def origin_constraint(cls, name):
        """Return the constraint that makes (data_source, origin_id) unique when set."""
        return models.UniqueConstraint(
            fields=["data_source", "origin_id"],
            condition=~Q(origin_id=""),
            name=name,
        )
