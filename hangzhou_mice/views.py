"""Views every app shares: slugs matched regardless of case, and tag pages."""

import functools

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db import connection
from django.db.models import Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from . import pagecache, registry
from .models import Tag
from .pagecache import CachedPageMixin
from .prepared import prepare
from .tagging import name_in, tag_language

# A topic lists and counts this many items of a kind at most, in the kind's
# order (articles newest first): counting every item under the commonest
# topic read 37,000 articles a language (0.8 s for the page's counts at full
# scale); stopping at the first 1,001 takes 14 ms.
LISTED = 1000


class CountOf(Subquery):
    """How many rows a subquery yields: with a LIMIT, a capped count."""

    template = "(SELECT count(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


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


def shown_count(count):
    """A topic's count as shown: "1,000+" past LISTED."""
    if count > LISTED:
        return number_format(LISTED, force_grouping=True) + "+"
    return number_format(count, force_grouping=True)


def count_name(language, kind):
    return f"count_{language.replace('-', '_')}_{kind.key}"


@functools.cache
def counts_query(size):
    """A topic's counts (`TagDetailView.counts`) for a topic of `size` tags,
    built once a process (`prepared`), and the counts' names.

    The ids are values, not the tag row's columns: with columns, PostgreSQL
    planned for a tag of average use and collected every article of the
    commonest one (0.1 s a language at full scale) instead of stopping at
    LISTED + 1."""
    names = []

    def build(*topic):
        counts = {}
        for code, _name in settings.LANGUAGES:
            with override(code):
                for kind in registry.kinds():
                    # Each item once, whether it carries one tag of the topic
                    # or both.
                    under_topic = kind.through.objects.filter(
                        content_object=OuterRef("pk"), tag__in=topic
                    )
                    items = kind.public().filter(Exists(under_topic)).order_by()
                    counts[count_name(code, kind)] = CountOf(
                        items.values("pk")[: LISTED + 1]
                    )
        names.extend(counts)
        return Tag.objects.filter(pk=topic[0]).values(**counts)

    return prepare(build, values=size), names


class TagDetailView(CachedPageMixin, TemplateView):
    """Everything published under a topic, by kind, from the content registry.

    A topic is a tag and its counterpart in the other language ("MICE" and
    "会展"): the page lists what is public in its language under either, and
    names the topic in that language, so /zh-hans/tags/mice/ shows what
    /zh-hans/tags/会展/ does and names it canonical; each language's switch
    leads to the tag naming the topic there. Without `?kind=` each kind shows
    its first few items and its count; with it, one kind is listed page by
    page, up to LISTED items. A topic nothing public uses in the page's
    language has no page. The tag is one query and every kind's count
    another (capped at LISTED: "1,000+"); then one query (and the card's
    prefetches) per kind that has items.
    """

    template_name = "hangzhou_mice/tag_detail.html"
    cache_lists = ()  # the tags' keys stand for their items (get_uncached)
    preview = 6
    paginate_by = 12

    def get_uncached(self, request, *args, **kwargs):
        tags = Tag.objects.select_related("counterpart")
        self.asked = get_object_or_404(with_slug(tags, kwargs["slug"]))
        if self.asked.slug != kwargs["slug"]:
            return redirect(self.asked, permanent=True)
        # The counts are the topic's, whichever of its two tags is asked for.
        self.topic = [tag.pk for tag in (self.asked, self.asked.counterpart) if tag]
        self.counted = self.counts()
        self.tag = name_in(self.asked, get_language())
        self.other = self.asked.counterpart if self.tag is self.asked else self.asked
        # The items under either tag: any of them changing bumps its tags.
        pagecache.depends(
            *(pagecache.item_key(Tag, tag.pk) for tag in (self.tag, self.other) if tag)
        )
        return super().get_uncached(request, *args, **kwargs)

    def counts(self):
        """{count_<language>_<kind key>: how many public items of the kind are
        under the topic (the tag or its counterpart) in the language}, up to
        LISTED + 1: more than LISTED shows as "1,000+". Some kinds (articles)
        hold other items in each language. One query (`counts_query`)."""
        query, names = counts_query(len(self.topic))
        with connection.cursor() as cursor:
            cursor.execute(query.sql, query.bind(*self.topic))
            return dict(zip(names, cursor.fetchone(), strict=True))

    def pages(self):
        """{language: the topic's page in it}, where something public is under it."""
        pages = {}
        for code, _name in settings.LANGUAGES:
            if any(self.counted[count_name(code, k)] for k in registry.kinds()):
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
        sections = []
        for kind in registry.kinds():
            count = self.counted[count_name(language, kind)]
            if count:
                sections.append(
                    {
                        "kind": kind,
                        "count": min(count, LISTED),
                        "more": count > LISTED,
                        "shown": shown_count(count),
                    }
                )
        if not sections:
            raise Http404(_("Nothing has been published on this topic."))
        chosen = registry.get(self.request.GET.get("kind", ""))
        section = next((s for s in sections if s["kind"] is chosen), None)
        count = section["count"] if section else 0
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
            more=section["more"] if section else False,
            listed=number_format(LISTED, force_grouping=True),
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            items=page.object_list,
            **kwargs,
        )

    def items(self, kind):
        tagged = kind.through.objects.filter(tag__in=self.topic).values(
            "content_object"
        )
        return kind.cards().filter(pk__in=tagged)
