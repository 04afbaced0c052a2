"""Events and venues in the site search: a document per site language.

Their texts are kept per language (translation.py); each language's
document reads that language, falling back as the pages do, and carries
the other language's title so a name finds its item in either script.
"""

from django.conf import settings
from django.utils import translation

from hangzhou_mice.models import Status
from hangzhou_mice.search import Document
from hangzhou_mice.search.text import plain

from .models import Event, Venue


def in_each_language(item, title, describe):
    """A Document per site language, `describe(item)` giving its text."""
    codes = [code for code, _name in settings.LANGUAGES]
    titles = {}
    for code in codes:
        with translation.override(code):
            titles[code] = getattr(item, title)
    documents = []
    for code in codes:
        with translation.override(code):
            documents.append(
                Document(
                    kind=item._meta.model_name,
                    object_id=item.pk,
                    language=code,
                    title=titles[code],
                    url=item.get_absolute_url(),
                    published=item.status == Status.PUBLISHED,
                    published_at=item.published_at,
                    other=" ".join(t for c, t in titles.items() if t != titles[code]),
                    **describe(item),
                )
            )
    return documents


def event_items():
    return Event.objects.select_related("venue", "organizer")


def event_text(event):
    parts = [event.summary, plain(event.description), event.location]
    parts += [event.venue.name if event.venue else ""]
    parts += [event.organizer.name if event.organizer else ""]
    return {"text": " ".join(parts), "date": event.start}


def event_documents(event):
    return in_each_language(event, "title", event_text)


def venue_items():
    return Venue.objects.prefetch_related("rooms")


def venue_text(venue):
    parts = [venue.summary, plain(venue.description), venue.address]
    parts += [str(venue.get_district_display()), str(venue.get_kind_display())]
    parts += [room.name for room in venue.rooms.all()]
    return {"text": " ".join(parts), "date": venue.published_at}


def venue_documents(venue):
    return in_each_language(venue, "name", venue_text)
