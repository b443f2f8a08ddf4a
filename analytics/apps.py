from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Analytics")

    def ready(self):
        from places.models import Municipality

        from .ingestion import municipality_codes

        post_save.connect(municipality_codes.clear, sender=Municipality, dispatch_uid="analytics_codes_save")
        post_delete.connect(municipality_codes.clear, sender=Municipality, dispatch_uid="analytics_codes_delete")
