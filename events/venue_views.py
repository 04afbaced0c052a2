import functools

from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Lower
from django.views.generic import DetailView, ListView

from hangzhou_mice.mentions import mentioning
from hangzhou_mice.models import Tag
from hangzhou_mice.pagecache import CachedPageMixin
from hangzhou_mice.prepared import prepare
from hangzhou_mice.related import related_articles
from hangzhou_mice.translated import localized, written_in
from hangzhou_mice.views import CanonicalSlugMixin

from .forms import VenueFinderForm
from .models import LAYOUTS, Event, TaggedVenue, Venue, VenuePhoto


class VenueViewMixin:
    """Visitors only ever read published venues."""

    def get_queryset(self):
        photos = VenuePhoto.objects.select_related("image")
        return Venue.objects.published().prefetch_related(
            Prefetch("photos", queryset=photos)
        )


def tags_named(topic):
    """Return the tags whose name or slug is `topic`, in any case."""
    # Lower() as the tags' unique constraints compare, so their indexes serve.
    same = Lower(Value(topic))
    return Tag.objects.alias(name_lower=Lower("name"), slug_lower=Lower("slug")).filter(
        Q(name_lower=same) | Q(slug_lower=same)
    )


def tagged(topic):
    """Return a condition: the venue has a tag that `topic` names."""
    # Not a join: a venue with a tag named "x" and another slugged "x" is one row.
    tags = tags_named(topic)
    return Exists(
        TaggedVenue.objects.filter(content_object=OuterRef("pk"), tag__in=tags)
    )


@functools.cache
def topic_query():
    """The names of the tags published venues use, built once a process
    (`prepared`): building it took longer than running it (4.9 ms a finder
    page, for an empty list at a tenth of the bench's data)."""

    def build():
        used = TaggedVenue.objects.filter(
            tag=OuterRef("pk"), content_object__in=Venue.objects.published()
        )
        return Tag.objects.filter(Exists(used)).values_list("name", flat=True)

    return prepare(build)


def topic_suggestions():
    """Return the name and language of each tag published venues use, in one query."""
    query = topic_query()
    with connection.cursor() as cursor:
        cursor.execute(query.sql, query.bind())
        return [(name, written_in(name)) for (name,) in cursor.fetchall()]


def find_venues(queryset, filters):
    """Apply the finder's filters and sort, in one query."""
    layout = filters["layout"]
    lookups = {
        "kind": "kind",
        "district": "district",
        "min_guest_rooms": "guest_rooms__gte",
    }
    queryset = queryset.filter(
        **{lookups[key]: filters[key] for key in lookups if key in filters}
    )
    if "tag" in filters:
        queryset = queryset.filter(tagged(filters["tag"]))
    if "attendees" in filters:
        queryset = queryset.seating(filters["attendees"], layout)
    queryset = queryset.with_capacity(layout)
    # By the name shown: a venue without a Chinese name sorts by its English one.
    by_name = localized(Venue, "name")
    if filters.get("sort") == "capacity":
        return queryset.order_by(F("capacity").desc(nulls_last=True), by_name)
    return queryset.order_by(by_name)


class VenueListView(CachedPageMixin, VenueViewMixin, ListView):
    cache_lists = ("events.venue",)
    paginate_by = 12

    def get_queryset(self):
        self.form = VenueFinderForm(self.request.GET)
        return find_venues(super().get_queryset(), self.form.filters())

    def get_context_data(self, **kwargs):
        narrowed_by, suggestion = self.form.no_match()
        return super().get_context_data(
            form=self.form,
            notes=self.form.notes(),
            topics=topic_suggestions(),
            narrowed_by=narrowed_by,
            suggestion=suggestion,
            layout_label=LAYOUTS[self.form.filters()["layout"]],
            **kwargs,
        )


class VenueDetailView(CachedPageMixin, VenueViewMixin, CanonicalSlugMixin, DetailView):
    # Its upcoming events; the other items shown are recorded as they are read.
    cache_lists = ("events.event",)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("rooms", "tags")

    def get_context_data(self, **kwargs):
        venue = self.object
        news = mentioning(venue)
        return super().get_context_data(
            upcoming_events=Event.objects.upcoming().filter(venue=venue)[:10],
            news=news,
            related_articles=related_articles(venue, besides=news),
            **kwargs,
        )
