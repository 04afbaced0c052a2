from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class EnquiriesConfig(AppConfig):
    name = "enquiries"
    verbose_name = _("Enquiries")

    def ready(self):
        from ambassadors.contributions import register_source
        from events.subjects import register_holder
        from hangzhou_mice import roles

        from .contributions import lead_changed, public_contributions
        from .models import Lead, Mail, StatusChange
        from .subjects import HOLDER

        # Leads hold planners' personal data: the bid team's, not editors'.
        roles.grant(
            roles.BID_TEAM,
            models=[Lead, Mail, StatusChange],
            # To pick the ambassador, venues, association and event of a bid.
            permissions=[
                "enquiries.export_lead",
                "ambassadors.view_ambassador",
                "events.view_event",
                "events.view_organization",
                "events.view_venue",
            ],
        )
        register_holder(HOLDER)
        register_source(public_contributions)
        post_save.connect(lead_changed, sender=Lead, dispatch_uid="lead-pages")
        post_delete.connect(lead_changed, sender=Lead, dispatch_uid="lead-pages-gone")
