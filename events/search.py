"""Events and venues in the site search: a document per site language.

Their texts are kept per language (translation.py); each language's
document reads that language, falling back as the pages do, and carries in
`other` what a visitor may type in the other language: the title, the
labels and names the page shows (kind, district, rooms, venue, organizer),
and the topics under both their names.
"""

from dataclasses import replace

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import npgettext, pgettext

from hangzhou_mice.models import Status
from hangzhou_mice.search import in_each_language
from hangzhou_mice.search.text import plain
from hangzhou_mice.tagging import item_topic_names, with_topic_names

from .models import LAYOUTS, Event, Venue

# Figures for the venue as a whole: what planners ask for first.
VENUE_LAYOUTS = ("theatre", "banquet")


def publishing(item):
    return {
        "published": item.status == Status.PUBLISHED,
        "published_at": item.published_at,
    }


def in_other_languages(language, read, item):
    """`read(item)` in every site language but `language`, as one text."""
    texts = []
    for code, _name in settings.LANGUAGES:
        if code != language:
            with translation.override(code):
                texts.append(read(item))
    return " ".join(texts)


def with_other(documents, item, labels):
    """The documents with, in `other`, the item's topics under both their
    names and `labels(item)` read in the other language ("Xiaoshan" finds
    a venue in 萧山区 on the Chinese site, 会展 one tagged MICE on the
    English site)."""
    topics = " ".join(item_topic_names(item))
    return [
        replace(
            document,
            other=" ".join(
                [
                    document.other,
                    topics,
                    in_other_languages(document.language, labels, item),
                ]
            ),
        )
        for document in documents
    ]


def event_items():
    return with_topic_names(Event.objects.select_related("venue", "organizer"))


def event_labels(event):
    parts = [str(Event._meta.verbose_name), str(event.get_kind_display())]
    parts += [event.venue.name if event.venue else ""]
    parts += [event.organizer.name if event.organizer else ""]
    return " ".join(parts)


def event_text(event):
    parts = [event.summary, plain(event.description), event.location]
    parts += [event_labels(event)]
    return {"text": "\n".join(parts), "date": event.start, **publishing(event)}


def event_documents(event):
    documents = in_each_language(event, "title", event_text)
    return with_other(documents, event, event_labels)


def venue_items():
    return with_topic_names(Venue.objects.prefetch_related("rooms"))


def layout_seats(layout, seats):
    label = str(LAYOUTS[layout]).lower()  # lower, as the venue card says it
    return npgettext(
        "a meeting room's capacity in one layout, in the search's text",
        "%(layout)s %(seats)s person",
        "%(layout)s %(seats)s people",
        seats,
    ) % {"layout": label, "seats": seats}


def room_capacities(room):
    """The room with its capacity in each layout, as a sentence: "Lakeview
    Ballroom: theatre 1200 people, banquet 800 people." (湖景宴会厅：剧院式
    1200 人、宴会式 800 人。), so "banquet for 500" finds it."""
    seats = [
        layout_seats(layout, getattr(room, layout))
        for layout in LAYOUTS
        if getattr(room, layout)
    ]
    if not seats:
        return room.name
    separator = pgettext("between the items of a list", ", ")
    # Translators: a meeting room and its capacities, in the search's text:
    # "Lakeview Ballroom: theatre 1200 people, banquet 800 people."
    return _("%(room)s: %(capacities)s.") % {
        "room": room.name,
        "capacities": separator.join(seats),
    }


def venue_capacities(rooms):
    """The venue's largest room per layout planners ask for first, as its
    card says it: "Up to 1200 seated (banquet)"."""
    facts = []
    for layout in VENUE_LAYOUTS:
        seats = max((getattr(room, layout) or 0 for room in rooms), default=0)
        if seats:
            facts.append(
                _("Up to %(seats)s seated (%(layout)s)")
                % {"seats": seats, "layout": str(LAYOUTS[layout]).lower()}
            )
    return " · ".join(facts)


def venue_kind(venue):
    """What the venue is, as a visitor asks for it: "venue", "hotel", the
    district ("Xiaoshan venues", 萧山 酒店)."""
    parts = [str(Venue._meta.verbose_name), str(venue.get_kind_display())]
    return " ".join([*parts, str(venue.get_district_display())])


def venue_labels(venue):
    return " ".join([venue_kind(venue), *(room.name for room in venue.rooms.all())])


def venue_text(venue):
    rooms = venue.rooms.all()
    parts = [venue.summary, plain(venue.description), venue.address]
    parts += [venue_kind(venue), venue_capacities(rooms)]
    parts += [room_capacities(room) for room in rooms]
    return {"text": "\n".join(parts), "date": venue.published_at, **publishing(venue)}


def venue_documents(venue):
    documents = in_each_language(venue, "name", venue_text)
    return with_other(documents, venue, venue_labels)
