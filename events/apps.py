from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and venues")

    def ready(self):
        from hangzhou_mice import pagecache, registry, roles

        from .kinds import KINDS
        from .models import (
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

        for kind in KINDS:
            registry.register(kind)
        # Staff bookkeeping no public page shows.
        pagecache.ignore(RosterExport, RosterExportJob, PendingImport)
        roles.grant(
            roles.EDITOR,
            models=[Event, Organization, Venue, MeetingRoom, VenuePhoto],
        )
        # Event staff see images and venues to pick an event's hero image and
        # venue; participants' personal data is theirs alone, not editors'.
        # Event staff write events; what the public sees is reviewed.
        roles.grant_review(Event, writers=[roles.EVENT_STAFF])
        roles.grant(
            roles.EVENT_STAFF,
            models=[Event, Organization, Participant],
            permissions=[
                "events.export_roster",
                "events.view_venue",
                "hangzhou_mice.view_image",
            ],
        )
        # Writers find the events and venues an article is about.
        roles.grant(
            roles.WRITER, permissions=["events.view_event", "events.view_venue"]
        )
