from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and venues")

    def ready(self):
        from django.db.models import Prefetch

        from hangzhou_mice import pagecache, registry, roles
        from hangzhou_mice.translated import localized

        from . import search
        from .models import (
            LAYOUTS,
            Event,
            MeetingRoom,
            Organization,
            Participant,
            PendingImport,
            RosterExport,
            RosterExportJob,
            Venue,
            VenuePhoto,
        )

        registry.register(
            registry.ContentKind(
                model=Event,
                public=Event.objects.upcoming_then_past,
                card_template="includes/event_card.html",
                schedule=("published_at", "end"),
                search_items=search.event_items,
                search_documents=search.event_documents,
            )
        )
        photos = VenuePhoto.objects.select_related("image")
        registry.register(
            registry.ContentKind(
                model=Venue,
                public=lambda: Venue.objects.published().order_by(
                    localized(Venue, "name")
                ),
                card_template="includes/venue_card.html",
                card_related=lambda qs: qs.with_capacity("theatre").prefetch_related(
                    Prefetch("photos", queryset=photos)
                ),
                card_context={"layout_label": LAYOUTS["theatre"]},
                title="name",
                image="photos",
                schedule=("published_at",),
                search_items=search.venue_items,
                search_documents=search.venue_documents,
            )
        )
        # Staff bookkeeping no public page shows.
        pagecache.ignore(RosterExport, RosterExportJob, PendingImport)
        roles.grant(
            roles.EDITOR,
            models=[Event, Organization, Venue, MeetingRoom, VenuePhoto],
        )
        # Event staff see images and venues to pick an event's hero image and
        # venue; participants' personal data is theirs alone, not editors'.
        roles.grant(
            roles.EVENT_STAFF,
            models=[Event, Organization, Participant],
            permissions=[
                "events.export_roster",
                "events.view_venue",
                "hangzhou_mice.view_image",
            ],
        )
