from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_SECONDS = 60


class CachedCountPaginator(Paginator):
    """Count a long list once a minute instead of on every page view.

    Only the "Page N of M" line can lag; the rows shown are always current.
    """

    def __init__(self, *args, cache_key, **kwargs):
        super().__init__(*args, **kwargs)
        self.cache_key = f"count:{cache_key}"

    @cached_property
    def count(self):
        value = cache.get(self.cache_key)
        if value is None:
            value = super().count
            cache.set(self.cache_key, value, COUNT_SECONDS)
        return value


class CachedCountMixin:
    """For list views: count through CachedCountPaginator, keyed by the path."""

    paginator_class = CachedCountPaginator

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(
            queryset, per_page, cache_key=self.request.path, **kwargs
        )
