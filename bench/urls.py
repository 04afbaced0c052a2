"""The site's URLs plus the anchor page the page benchmarks compare with."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from articles.models import Article
from events.models import Venue
from website.urls import handler403, handler404, handler500  # noqa: F401
from website.urls import urlpatterns as site_urlpatterns

ANCHOR = engines["django"].from_string(
    "<!doctype html><title>{{ a.title }}</title>"
    "<h1>{{ a.title }}</h1><p>{{ a.summary }}</p>"
)


def anchor(request, pk):
    """A primary-key read and a small template: the floor for a detail page."""
    article = Article.objects.only("title", "summary").get(pk=pk)
    return HttpResponse(ANCHOR.render({"a": article}))


VENUES_ANCHOR = engines["django"].from_string(
    "<!doctype html><title>Venues</title><ul>{% for v in venues %}"
    "<li>{{ v.name }}, {{ v.district }}, {{ v.max_banquet }}</li>{% endfor %}</ul>"
)


def venues_anchor(request):
    """One page of venues by primary key, every column, a bare template:
    the floor for the venue finder."""
    venues = Venue.objects.order_by("pk")[:12]
    return HttpResponse(VENUES_ANCHOR.render({"venues": venues}))


# The site's own list, not include(): i18n_patterns must stay at the root.
urlpatterns = [
    path("bench/anchor/<int:pk>/", anchor),
    path("bench/venues/", venues_anchor),
    *site_urlpatterns,
]
