"""The search page: /en/search/?q=…, one box in every page's header."""

import math

from django.utils.translation import get_language
from django.views.generic import TemplateView

from ..models import Tag
from . import backend, searchable_kinds, texts
from .backends import Filters
from .highlight import excerpt, pattern, title_and_other
from .text import UNPRINTABLE, parse

PER_PAGE = 10


def number(value, low, high):
    """An int within [low, high] from a query parameter, else None."""
    try:
        result = int(value)
    except (TypeError, ValueError):
        return None
    return result if low <= result <= high else None


def mark(results, query, labels, language):
    """Give each hit its kind's label, its marked title (and other-language
    title where only that has the words) and its excerpt."""
    # A corrected query's or a synonym's words are marked as the query's are.
    extra = tuple(getattr(results, "marks", ()))
    words = pattern(results.stems, query.highlights + extra)
    read = texts(results.hits, language)
    for hit in results.hits:
        hit.kind_label = labels.get(hit.kind, hit.kind)
        other = getattr(hit, "other", "")
        hit.marked_title, hit.marked_other = title_and_other(hit.title, other, words)
        hit.excerpt = excerpt(read.get((hit.kind, hit.object_id), ""), words)


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
            labels = {kind.key: kind.model._meta.verbose_name for kind in kinds}
            mark(results, query, labels, language)
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
