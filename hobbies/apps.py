from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HobbiesConfig(AppConfig):
    name = "hobbies"
    verbose_name = _("Hobbies")
