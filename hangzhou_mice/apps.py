from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HangzhouMiceConfig(AppConfig):
    name = "hangzhou_mice"
    verbose_name = _("Hangzhou MICE")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
