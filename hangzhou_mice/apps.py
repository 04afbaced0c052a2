from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HangzhouMiceConfig(AppConfig):
    name = "hangzhou_mice"
    verbose_name = _("Shared content")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .pagecache import connect_signals
        from .roles import sync_roles

        connect_signals()

        # Runs after every migrate, once all apps' permissions exist.
        post_migrate.connect(sync_roles, dispatch_uid="hangzhou_mice.sync_roles")
