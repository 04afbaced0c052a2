from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnquiriesConfig(AppConfig):
    name = "enquiries"
    verbose_name = _("Enquiries")

    def ready(self):
        from events.subjects import register_holder
        from hangzhou_mice import roles

        from .models import Lead, Mail
        from .subjects import HOLDER

        # Leads hold planners' personal data: the bid team's, not editors'.
        roles.grant(
            roles.BID_TEAM,
            models=[Lead, Mail],
            permissions=["enquiries.export_lead"],
        )
        register_holder(HOLDER)
