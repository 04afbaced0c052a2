"""The events app's kinds of public content, registered in apps.py."""

from django.db.models import Prefetch

from hangzhou_mice.registry import ContentKind
from hangzhou_mice.translated import localized

from . import search
from .models import LAYOUTS, Event, Venue, VenuePhoto

EVENT = ContentKind(
    model=Event,
    public=Event.objects.upcoming_then_past,
    card_template="includes/event_card.html",
    schedule=("published_at", "end"),
    search_items=search.event_items,
    search_documents=search.event_documents,
    mentionable=True,
    mention_template="events/includes/event_mention.html",
)

VENUE = ContentKind(
    model=Venue,
    public=lambda: Venue.objects.published().order_by(localized(Venue, "name")),
    card_template="includes/venue_card.html",
    card_related=lambda qs: qs.with_capacity("theatre").prefetch_related(
        Prefetch("photos", queryset=VenuePhoto.objects.select_related("image"))
    ),
    card_context={"layout_label": LAYOUTS["theatre"]},
    title="name",
    image="photos",
    schedule=("published_at",),
    search_items=search.venue_items,
    search_documents=search.venue_documents,
    mentionable=True,
    mention_template="events/includes/venue_mention.html",
)

KINDS = (EVENT, VENUE)
