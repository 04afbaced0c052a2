"""Views every app shares: slugs matched regardless of case, and tag pages."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from . import pagecache, registry
from .models import Tag
from .pagecache import CachedPageMixin
from .tagging import name_in, tag_language

DISTINCT = "%(function)s(DISTINCT %(expressions)s)"


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
    """Everything published under a topic, by kind, from the content registry.

    A topic is a tag and its counterpart in the other language ("MICE" and
    "会展"): the page lists what is public in its language under either, and
    names the topic in that language, so /zh-hans/tags/mice/ shows what
    /zh-hans/tags/会展/ does and names it canonical; each language's switch
    leads to the tag naming the topic there. Without `?kind=` each kind shows
    its first few items and its count; with it, one kind is listed in full,
    page by page. A topic nothing public uses in the page's language has no
    page. The tag and every kind's count are one query; then one query (and
    the card's prefetches) per kind that has items.
    """

    template_name = "hangzhou_mice/tag_detail.html"
    cache_lists = ()  # the tags' keys stand for their items (get_uncached)
    preview = 6
    paginate_by = 12

    def get_uncached(self, request, *args, **kwargs):
        tags = Tag.objects.select_related("counterpart").annotate(**self.counts())
        # The counts are the topic's, whichever of its two tags is asked for.
        self.asked = get_object_or_404(with_slug(tags, kwargs["slug"]))
        if self.asked.slug != kwargs["slug"]:
            return redirect(self.asked, permanent=True)
        self.tag = name_in(self.asked, get_language())
        self.other = self.asked.counterpart if self.tag is self.asked else self.asked
        # The items under either tag: any of them changing bumps its tags.
        pagecache.depends(
            *(pagecache.item_key(Tag, tag.pk) for tag in (self.tag, self.other) if tag)
        )
        return super().get_uncached(request, *args, **kwargs)

    def counts(self):
        """How many public items of each kind are under the topic of a tag (it
        or its counterpart), in each language.

        Annotation names: count_<language>_<kind key>; some kinds (articles)
        hold other items in each language.
        """
        tagged = Q(tagged_items__tag=OuterRef("pk")) | Q(
            tagged_items__tag=OuterRef("counterpart")
        )
        counts = {}
        for code, _name in settings.LANGUAGES:
            with override(code):
                for kind in registry.kinds():
                    counts[count_name(code, kind)] = Subquery(
                        kind.public()
                        .filter(tagged)
                        .order_by()
                        # An item may carry both tags of the topic.
                        .annotate(n=Func(F("pk"), function="COUNT", template=DISTINCT))
                        .values("n")
                    )
        return counts

    def pages(self):
        """{language: the topic's page in it}, where something public is under it."""
        pages = {}
        for code, _name in settings.LANGUAGES:
            if any(getattr(self.asked, count_name(code, k)) for k in registry.kinds()):
                with override(code):
                    pages[code] = name_in(self.asked, code).get_absolute_url()
        return pages

    def languages(self):
        """The switch's and hreflang's addresses: the topic's page in each
        language that has one, else that language's home page."""
        fallbacks = {}
        for code, _name in settings.LANGUAGES:
            with override(code):
                fallbacks[code] = reverse("home")
        return {"translations": self.pages(), "fallbacks": fallbacks}

    def counterpart(self, translations):
        """The counterpart and its page in its language, if that page exists."""
        language = self.other and tag_language(self.other)
        if language == get_language() or language not in translations:
            return {}
        return {
            "counterpart": self.other,
            "counterpart_url": translations[language],
            "counterpart_language": language,
        }

    def get_context_data(self, **kwargs):
        language = get_language()
        sections = [
            {"kind": kind, "count": getattr(self.asked, count_name(language, kind))}
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
        languages = self.languages()
        return super().get_context_data(
            **languages,
            **self.counterpart(languages["translations"]),
            tag=self.tag,
            tag_language=tag_language(self.tag),
            sections=sections,
            chosen=chosen,
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            items=page.object_list,
            **kwargs,
        )

    def items(self, kind):
        topic = [tag.pk for tag in (self.asked, self.asked.counterpart) if tag]
        tagged = kind.through.objects.filter(tag__in=topic).values("content_object")
        return kind.cards().filter(pk__in=tagged)
