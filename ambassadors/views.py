from django.views.generic import DetailView, ListView

from hangzhou_mice.mentions import mentioning
from hangzhou_mice.pagecache import CachedPageMixin
from hangzhou_mice.related import related_articles
from hangzhou_mice.views import CanonicalSlugMixin

from .contributions import public_contributions
from .forms import DirectoryFilterForm
from .models import Ambassador


class AmbassadorViewMixin:
    """Visitors only ever read active ambassadors, with what the cards show."""

    def get_queryset(self):
        return Ambassador.objects.active().for_cards()


def filter_directory(queryset, filters):
    """Apply the directory's good filters."""
    if "q" in filters:
        queryset = queryset.search(filters["q"])
    if "field" in filters:
        queryset = queryset.filter(academic_fields=filters["field"])
    if "institution" in filters:
        queryset = queryset.filter(institution=filters["institution"])
    return queryset


class AmbassadorListView(CachedPageMixin, AmbassadorViewMixin, ListView):
    cache_lists = ("ambassadors.ambassador",)
    paginate_by = 24

    def get_queryset(self):
        self.form = DirectoryFilterForm(self.request.GET)
        return filter_directory(super().get_queryset(), self.form.filters())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form,
            notes=self.form.notes(),
            filtered=bool(self.form.filters()),
            **kwargs,
        )


class AmbassadorDetailView(
    CachedPageMixin, AmbassadorViewMixin, CanonicalSlugMixin, DetailView
):
    # The events they took part in; the other items shown are recorded as
    # they are read (meetings they helped win outdate every page).
    cache_lists = ("events.event",)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("tags")

    def get_context_data(self, **kwargs):
        ambassador = self.object
        contributions = public_contributions(ambassador)
        news = mentioning(ambassador)
        return super().get_context_data(
            secured=[item for item in contributions if item.secured],
            bids=[item for item in contributions if not item.secured],
            events=ambassador.events_taken_part_in(),
            news=news,
            related_articles=related_articles(ambassador, besides=news),
            **kwargs,
        )
