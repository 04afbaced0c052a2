from django.db import DatabaseError, connection
from django.db.models import F, Prefetch
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from ambassadors.models import Ambassador
from articles.models import Article
from events.models import LAYOUTS, Event, Venue, VenuePhoto


def with_slug(queryset, slug):
    """Filter by slug regardless of case, using the Lower(slug) unique index."""
    return queryset.alias(slug_lower=Lower("slug")).filter(slug_lower=slug.lower())


def get_by_slug(queryset, slug):
    return get_object_or_404(with_slug(queryset, slug))


class CanonicalSlugMixin:
    """Detail views answer any case of a slug with a redirect to the real one."""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs["slug"]:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_object(self, queryset=None):
        return get_by_slug(self.get_queryset(), self.kwargs["slug"])


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        latest = Article.objects.published().select_related("author")[:6]
        upcoming = Event.objects.upcoming()[:3]
        venues = (
            Venue.objects.published()
            .with_capacities()
            .annotate(capacity=F("max_theatre"))
            .order_by(F("capacity").desc(nulls_last=True), "name")
            .prefetch_related(
                Prefetch("photos", VenuePhoto.objects.select_related("image"))
            )
        )[:3]
        return super().get_context_data(
            latest_articles=latest,
            upcoming_events=upcoming,
            largest_venues=venues,
            ambassador_count=Ambassador.objects.active().count(),
            layout_label=LAYOUTS["theatre"],
            **kwargs,
        )


@never_cache
def healthz(request):
    """Answer 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")
