from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmbassadorsConfig(AppConfig):
    name = "ambassadors"
    verbose_name = _("Convention ambassadors")

    def ready(self):
        from events.profiles import register_profile
        from hangzhou_mice import registry, roles

        from .kinds import KINDS
        from .models import AcademicField, Ambassador, RosterLink

        for kind in KINDS:
            registry.register(kind)
        register_profile("ambassador_link__ambassador")
        roles.grant(roles.EDITOR, models=[Ambassador, AcademicField])
        # Event staff link roster entries to the ambassadors they are.
        roles.grant(
            roles.EVENT_STAFF,
            models=[RosterLink],
            permissions=["ambassadors.view_ambassador"],
        )
        # Writers find the ambassadors an article is about.
        roles.grant(roles.WRITER, permissions=["ambassadors.view_ambassador"])
