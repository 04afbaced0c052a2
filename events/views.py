import datetime

import icalendar
from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

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


class EventListView(EventViewMixin, ListView):
    paginate_by = 12

    def get_queryset(self):
        return super().get_queryset().upcoming_then_past()


class EventDetailView(CachedPageMixin, EventViewMixin, CanonicalSlugMixin, DetailView):
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
        return super().get_context_data(
            participation=participation_sentence(
                event.participants.organization_summary()
            ),
            related_articles=related_articles(event),
            **kwargs,
        )


def calendar_event(event, request):
    item = icalendar.Event()
    item.add("uid", f"event-{event.pk}@{request.get_host()}")
    item.add("summary", event.title)
    item.add("dtstart", event.start)
    item.add("dtend", event.end)
    item.add("dtstamp", event.updated_at)
    item.add("location", event.location)
    item.add("description", event.summary)
    item.add("url", request.build_absolute_uri(event.get_absolute_url()))
    return item


def calendar_response(events, request, filename):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Hangzhou MICE//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Hangzhou MICE events"))
    for event in events:
        calendar.add_component(calendar_event(event, request))
    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_ics(request, slug):
    event = get_by_slug(Event.objects.published(), slug)
    return calendar_response([event], request, f"{event.slug}.ics")


def calendar_ics(request):
    recent = timezone.now() - datetime.timedelta(days=1)
    events = Event.objects.upcoming().filter(end__gte=recent)
    return calendar_response(events, request, "hangzhou-mice-events.ics")
