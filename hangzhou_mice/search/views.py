"""The search page: /en/search/?q=…, one box in every page's header."""

import math

from django.utils.translation import get_language
from django.views.generic import TemplateView

from ..models import Tag
from . import backend, searchable_kinds
from .backends import Filters
from .highlight import excerpt, marked, pattern
from .text import UNPRINTABLE, parse

PER_PAGE = 10


def number(value, low, high):
    """An int within [low, high] from a query parameter, else None."""
    try:
        result = int(value)
    except (TypeError, ValueError):
        return None
    return result if low <= result <= high else None


class SearchView(TemplateView):
    """Any query string gives this page: cut to size, never an error."""

    template_name = "hangzhou_mice/search.html"

    def filters(self, kinds):
        params = self.request.GET
        keys = {kind.key for kind in kinds}
        kind = params.get("kind", "") if params.get("kind", "") in keys else ""
        slug = UNPRINTABLE.sub("", params.get("tag", ""))[:100]
        tag, tag_items = None, None
        if slug:
            tag = Tag.objects.filter(slug=slug).first()
            tag_items = {
                k.key: k.through.objects.filter(tag=tag).values("content_object_id")
                for k in kinds
            }
        year = number(params.get("year"), 1900, 2100)
        return Filters(kind=kind, year=year, tag_items=tag_items), tag

    def get_context_data(self, **kwargs):
        params = self.request.GET
        query = parse(params.get("q", ""))
        kinds = searchable_kinds()
        filters, tag = self.filters(kinds)
        order = "newest" if params.get("order") == "newest" else "best"
        page = number(params.get("page"), 1, 10_000) or 1
        language = get_language()
        results, pages = None, 0
        if query:
            search = backend().search
            results = search(
                query, language, filters, order, (page - 1) * PER_PAGE, PER_PAGE
            )
            # Best-first order ranks only the best matches of a very common
            # word: the pager stops there rather than offer empty pages.
            pages = math.ceil((results.ranked or results.count) / PER_PAGE)
            if not results.hits and pages and page > pages:
                page = pages  # past the end: the last page instead
                results = search(
                    query, language, filters, order, (page - 1) * PER_PAGE, PER_PAGE
                )
            words = pattern(results.stems, query.highlights)
            labels = {kind.key: kind.model._meta.verbose_name for kind in kinds}
            for hit in results.hits:
                hit.kind_label = labels.get(hit.kind, hit.kind)
                hit.marked_title = marked(hit.title, words)
                hit.excerpt = excerpt(hit.body, words)
        return super().get_context_data(
            query=query,
            results=results,
            kinds=[(kind.key, kind.label) for kind in kinds],
            kind=filters.kind,
            year=filters.year,
            years=backend().years(language),
            tag=tag,
            tag_slug=UNPRINTABLE.sub("", params.get("tag", ""))[:100],
            order=order,
            page=page,
            pages=pages,
            **kwargs,
        )
