"""Events and venues in the site search: a document per site language.

Their texts are kept per language (translation.py); each language's
document reads that language, falling back as the pages do, and carries
the other language's title so a name finds its item in either script.
"""

from hangzhou_mice.models import Status
from hangzhou_mice.search import in_each_language
from hangzhou_mice.search.text import plain

from .models import Event, Venue


def publishing(item):
    return {
        "published": item.status == Status.PUBLISHED,
        "published_at": item.published_at,
    }


def event_items():
    return Event.objects.select_related("venue", "organizer")


def event_text(event):
    parts = [event.summary, plain(event.description), event.location]
    parts += [event.venue.name if event.venue else ""]
    parts += [event.organizer.name if event.organizer else ""]
    return {"text": " ".join(parts), "date": event.start, **publishing(event)}


def event_documents(event):
    return in_each_language(event, "title", event_text)


def venue_items():
    return Venue.objects.prefetch_related("rooms")


def venue_text(venue):
    parts = [venue.summary, plain(venue.description), venue.address]
    parts += [str(venue.get_district_display()), str(venue.get_kind_display())]
    parts += [room.name for room in venue.rooms.all()]
    return {"text": " ".join(parts), "date": venue.published_at, **publishing(venue)}


def venue_documents(venue):
    return in_each_language(venue, "name", venue_text)
