from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BureauConfig(AppConfig):
    name = "bureau"
    verbose_name = _("The bureau")

    def ready(self):
        from hangzhou_mice import registry, roles

        from .kinds import KINDS
        from .models import BureauPage, PageDownload

        for kind in KINDS:
            registry.register(kind)
        # Editors write the pages; only bureau admins (who hold every
        # permission) change the bureau's identity and contact record.
        roles.grant(roles.EDITOR, models=[BureauPage, PageDownload])
