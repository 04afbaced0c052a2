"""Views every app shares: slugs matched regardless of case, and tag pages."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import F, Func, OuterRef, Subquery
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from . import registry
from .models import Tag
from .pagecache import CachedPageMixin


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


def count_name(language, kind):
    return f"count_{language.replace('-', '_')}_{kind.key}"


class TagDetailView(CachedPageMixin, TemplateView):
    """Everything published under a tag, by kind, from the content registry.

    Without `?kind=` each kind shows its first few items and its count; with
    it, one kind is listed in full, page by page. A tag that nothing public
    uses has no page. The tag and every kind's count are one query; then one
    query (and the card's prefetches) per kind that has items.
    """

    template_name = "hangzhou_mice/tag_detail.html"
    preview = 6
    paginate_by = 12

    def get(self, request, *args, **kwargs):
        tags = Tag.objects.select_related("counterpart").annotate(**self.counts())
        counted = with_slug(tags, kwargs["slug"])
        self.tag = get_object_or_404(counted)
        if self.tag.slug != kwargs["slug"]:
            return redirect(self.tag, permanent=True)
        return super().get(request, *args, **kwargs)

    def counts(self):
        """How many public items of each kind have the tag, in each language.

        Annotation names: count_<language>_<kind key>; some kinds (articles)
        hold other items in each language.
        """
        counts = {}
        for code, _name in settings.LANGUAGES:
            with override(code):
                for kind in registry.kinds():
                    for prefix, tag in (("", "pk"), ("counterpart_", "counterpart")):
                        counts[prefix + count_name(code, kind)] = Subquery(
                            kind.public()
                            .filter(tagged_items__tag=OuterRef(tag))
                            .order_by()
                            .annotate(n=Func(F("pk"), function="COUNT"))
                            .values("n")
                        )
        return counts

    def languages(self):
        """The tag page in the languages that have something under it.

        Elsewhere the switch leads to that language's home page.
        """
        translations, fallbacks = {}, {}
        for code, _name in settings.LANGUAGES:
            with override(code):
                fallbacks[code] = reverse("home")
                if any(
                    getattr(self.tag, count_name(code, k)) for k in registry.kinds()
                ):
                    translations[code] = self.tag.get_absolute_url()
        return {"translations": translations, "fallbacks": fallbacks}

    def counterpart_url(self):
        """The counterpart's page, in the language other than this page's, if
        anything public there uses it (else it would be a 404)."""
        counterpart, current = self.tag.counterpart, get_language()
        others = [code for code, _name in settings.LANGUAGES if code != current]
        if counterpart is None or not others:
            return ""
        other = others[0]
        if not any(
            getattr(self.tag, "counterpart_" + count_name(other, kind))
            for kind in registry.kinds()
        ):
            return ""
        with override(other):
            return counterpart.get_absolute_url()

    def get_context_data(self, **kwargs):
        language = get_language()
        sections = [
            {"kind": kind, "count": getattr(self.tag, count_name(language, kind))}
            for kind in registry.kinds()
        ]
        sections = [section for section in sections if section["count"]]
        if not sections:
            raise Http404(_("Nothing has been published on this topic."))
        chosen = registry.get(self.request.GET.get("kind", ""))
        count = next((s["count"] for s in sections if s["kind"] is chosen), 0)
        paginator = Paginator(self.items(chosen) if count else [None], self.paginate_by)
        paginator.count = count or 1  # known already: no COUNT query
        number = self.request.GET.get("page", 1)
        try:
            page = paginator.page(paginator.num_pages if number == "last" else number)
        except InvalidPage as error:
            raise Http404(_("No such page.")) from error
        if not count:
            chosen = None
            for section in sections:
                section["items"] = self.items(section["kind"])[: self.preview]
        return super().get_context_data(
            **self.languages(),
            counterpart_url=self.counterpart_url(),
            tag=self.tag,
            sections=sections,
            chosen=chosen,
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            items=page.object_list,
            **kwargs,
        )

    def items(self, kind):
        return kind.cards().filter(tagged_items__tag=self.tag)
