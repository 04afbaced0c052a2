"""The home page, the health check and the language switch: the project
layer's own views."""

from django.conf import settings
from django.db import DatabaseError
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from ambassadors.models import Ambassador
from articles.models import Article
from events.models import LAYOUTS, Event, Venue, VenuePhoto
from hangzhou_mice.pagecache import CachedPageMixin
from operations.worker import queue_state


class HomeView(CachedPageMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        latest = (
            Article.objects.published()
            .in_language()
            .select_related("author", "hero_image")[:6]
        )
        upcoming = Event.objects.upcoming()[:3]
        venues = (
            Venue.objects.published()
            .largest(3)
            .with_capacities()
            .annotate(capacity=F("max_theatre"))
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
    """Answer 200 when the database answers, 503 when it does not.

    Monitors that ask for JSON (Accept: application/json) also get the task
    queue: {"database": "ok", "tasks": {"waiting": n,
    "oldest_waiting_seconds": s}}. Others get "ok" as plain text.
    """
    try:
        report = {"database": "ok", "tasks": queue_state()}
        status = 200
    except DatabaseError:
        report, status = {"database": "unavailable"}, 503
    wanted = request.get_preferred_type(["text/plain", "application/json"])
    if wanted == "application/json":
        return JsonResponse(report, status=status)
    text = "ok\n" if status == 200 else "database unavailable\n"
    return HttpResponse(text, status=status, content_type="text/plain")


def choose_language(request, code):
    """The language switch: remember the choice for the next visit to `/` (a
    cookie), then show the page asked for (`next`, a path in that language).

    The cookie is set here, in a response that carries no page, so that the
    pages themselves set none: a proxy or CDN may keep a first visit's page
    as it keeps every other."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not (
        target.startswith("/")
        and target.isprintable()
        and url_has_allowed_host_and_scheme(target, allowed_hosts=None)
        and translation.get_language_from_path(target) == code
    ):
        with translation.override(code):
            target = reverse("home")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /language/
Disallow: /*/preview/
Sitemap: {sitemap}
"""


def robots_txt(request):
    """Keep the admin and staff previews out; point at the sitemap."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain")
