from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Running the site")

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
