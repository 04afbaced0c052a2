"""Public pages of the shared layer: a page per tag, and the site search."""

from django.urls import path

from . import (
    converters,  # noqa: F401  (registers <uslug:>)
    views,
)
from .search.views import SearchView

app_name = "hangzhou_mice"
urlpatterns = [
    path("tags/<uslug:slug>/", views.TagDetailView.as_view(), name="tag_detail"),
    path("search/", SearchView.as_view(), name="search"),
]
