from django.db.models import F, Prefetch
from django.views.generic import DetailView, ListView

from hangzhou_mice.pagecache import CachedPageMixin
from hangzhou_mice.related import related_articles
from hangzhou_mice.translated import localized
from hangzhou_mice.views import CanonicalSlugMixin

from .forms import VenueFinderForm
from .models import LAYOUTS, Event, Venue, VenuePhoto


class VenueViewMixin:
    """Visitors only ever read published venues."""

    def get_queryset(self):
        photos = VenuePhoto.objects.select_related("image")
        return Venue.objects.published().prefetch_related(
            Prefetch("photos", queryset=photos)
        )


def find_venues(queryset, filters):
    """Apply the finder's filters and sort, in one query."""
    layout = filters["layout"]
    lookups = {
        "kind": "kind",
        "district": "district",
        "min_guest_rooms": "guest_rooms__gte",
        "tag": "tagged_items__tag__slug",
    }
    queryset = queryset.filter(
        **{lookups[key]: filters[key] for key in lookups if key in filters}
    )
    if "attendees" in filters:
        queryset = queryset.seating(filters["attendees"], layout)
    queryset = queryset.with_capacity(layout)
    # By the name shown: a venue without a Chinese name sorts by its English one.
    by_name = localized(Venue, "name")
    if filters.get("sort") == "capacity":
        return queryset.order_by(F("capacity").desc(nulls_last=True), by_name)
    return queryset.order_by(by_name)


class VenueListView(VenueViewMixin, ListView):
    paginate_by = 12

    def get_queryset(self):
        self.form = VenueFinderForm(self.request.GET)
        return find_venues(super().get_queryset(), self.form.filters())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form,
            notes=self.form.notes(),
            layout_label=LAYOUTS[self.form.filters()["layout"]],
            **kwargs,
        )


class VenueDetailView(CachedPageMixin, VenueViewMixin, CanonicalSlugMixin, DetailView):
    def get_queryset(self):
        return super().get_queryset().prefetch_related("rooms", "tags")

    def get_context_data(self, **kwargs):
        venue = self.object
        return super().get_context_data(
            upcoming_events=Event.objects.upcoming().filter(venue=venue)[:10],
            related_articles=related_articles(venue),
            **kwargs,
        )
