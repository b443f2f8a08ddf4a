from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        # Django 6.1 builds the empty choice of every select from a model field (forms, the
        # admin) from this module constant. Its source invites app ready() methods to replace it.
        from django.db.models import fields

        from .forms import EMPTY_CHOICE_LABEL

        fields.BLANK_CHOICE_LABEL = EMPTY_CHOICE_LABEL

        # The admin names the service instead of "Django site admin".
        from django.contrib import admin

        admin.site.site_header = _("Harrastuspassi administration")
        admin.site.site_title = _("Harrastuspassi administration")
