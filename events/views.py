import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from hangzhou_mice.mentions import mentioning
from hangzhou_mice.pagecache import CachedPageMixin
from hangzhou_mice.related import related_articles
from hangzhou_mice.views import CanonicalSlugMixin, get_by_slug

from .models import Event, Participant
from .participation import participation_sentence
from .profiles import with_profiles


class EventViewMixin:
    """Visitors only ever read published events."""

    def get_queryset(self):
        return Event.objects.published().select_related("organizer", "hero_image")


class EventListView(CachedPageMixin, EventViewMixin, ListView):
    cache_lists = ("events.event",)
    paginate_by = 12

    def get_queryset(self):
        return super().get_queryset().upcoming_then_past()

    def get_context_data(self, **kwargs):
        # The calendar is offered when it has something to add.
        return super().get_context_data(
            calendar_has_events=calendar_events().exists(), **kwargs
        )


class EventDetailView(CachedPageMixin, EventViewMixin, CanonicalSlugMixin, DetailView):
    # No list: the items shown (its venue, guests' profiles, news) are
    # recorded as they are read.
    cache_lists = ()

    def get_queryset(self):
        guests = with_profiles(
            Participant.objects.public().select_related("organization")
        )
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "tags",
                Prefetch("participants", queryset=guests, to_attr="public_guests"),
            )
        )

    def get_context_data(self, **kwargs):
        event = self.object
        news = mentioning(event)
        return super().get_context_data(
            participation=participation_sentence(
                event.participants.organization_summary()
            ),
            news=news,
            related_articles=related_articles(event, besides=news),
            **kwargs,
        )


def calendar_event(event, request, zone):
    item = icalendar.Event()
    # The event's own identity, not the host that served the file: a
    # subscriber sees one event whichever address they used.
    item.add("uid", f"event-{event.pk}@{settings.CALENDAR_UID_DOMAIN}")
    item.add("summary", event.title)
    item.add("dtstart", event.start.astimezone(zone))
    item.add("dtend", event.end.astimezone(zone))
    item.add("dtstamp", event.updated_at)
    item.add("location", event.location)
    item.add("description", event.summary)
    item.add("url", request.build_absolute_uri(event.get_absolute_url()))
    return item


def calendar_response(events, request, filename):
    """An iCalendar file of `events`, in the bureau's time zone. Its
    VTIMEZONE is always there, so a file with no event is still one RFC
    5545 allows (a calendar holds at least one component)."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Hangzhou MICE//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Hangzhou MICE events"))
    calendar.add_component(icalendar.Timezone.from_tzid(settings.TIME_ZONE))
    for event in events:
        calendar.add_component(calendar_event(event, request, zone))
    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_ics(request, slug):
    event = get_by_slug(Event.objects.published(), slug)
    return calendar_response([event], request, f"{event.slug}.ics")


def calendar_events():
    """The events the calendar of upcoming events holds."""
    recent = timezone.now() - datetime.timedelta(days=1)
    return Event.objects.upcoming().filter(end__gte=recent)


def calendar_ics(request):
    return calendar_response(calendar_events(), request, "hangzhou-mice-events.ics")
