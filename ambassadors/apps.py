from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmbassadorsConfig(AppConfig):
    name = "ambassadors"
    verbose_name = _("Convention ambassadors")

    def ready(self):
        from events.profiles import register_profile
        from hangzhou_mice import registry, roles

        from . import search
        from .models import AcademicField, Ambassador, Contribution, RosterLink

        registry.register(
            registry.ContentKind(
                model=Ambassador,
                public=Ambassador.objects.active,
                card_template="ambassadors/includes/ambassador_card.html",
                card_related=lambda qs: qs.for_cards(),
                title="name",
                summary="position",
                image="photo",
                search_items=search.search_items,
                search_documents=search.search_documents,
            )
        )
        register_profile("ambassador_link__ambassador")
        roles.grant(roles.EDITOR, models=[Ambassador, Contribution, AcademicField])
        # Event staff link roster entries to the ambassadors they are.
        roles.grant(
            roles.EVENT_STAFF,
            models=[RosterLink],
            permissions=["ambassadors.view_ambassador"],
        )
