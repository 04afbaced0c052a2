"""Sitemaps of the registered kinds and of the tag pages, in every language."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import F, Max
from django.db.models.functions import Greatest
from django.utils.translation import get_language, override

from . import registry
from .models import Tag
from .tagging import name_in


def changed(item):
    """When an item last changed for visitors: its last edit, or its going
    live if that came later (a scheduled item)."""
    return max(filter(None, (item.updated_at, getattr(item, "published_at", None))))


def changed_in_sql(model, path=""):
    """`changed()` as an expression, for the rows of `model` at `path`."""
    names = {field.name for field in model._meta.concrete_fields}
    if "published_at" in names:
        return Greatest(f"{path}updated_at", f"{path}published_at")
    return F(f"{path}updated_at")


def latest_changes():
    """{(language, kind key): when its newest public item changed}: a query
    per kind and language."""
    latest = {}
    for code, _name in settings.LANGUAGES:
        with override(code):
            for kind in registry.kinds():
                newest = Max(changed_in_sql(kind.model))
                public = kind.public().order_by()
                latest[code, kind.key] = public.aggregate(newest=newest)["newest"]
    return latest


class LanguageSitemap(Sitemap):
    """Pages in the languages they exist in, each with its alternates and the
    time it last changed in that language: `lastmod_in(item, language)`.

    (Django's `lastmod(item)` is not told which language's entry it dates.)
    """

    i18n = True
    alternates = True
    # No x-default: Django writes it without the language prefix, which our
    # URLs redirect; the pages themselves name x-default.

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["lastmod"] = self.lastmod_in(*url["item"])
        dates = [url["lastmod"] for url in urls]
        # What the view sends as Last-Modified when every entry has a date.
        self.latest_lastmod = max(dates) if dates and None not in dates else None
        return urls

    def lastmod_in(self, item, language):
        return None


class KindSitemap(LanguageSitemap):
    """Every public item of a kind whose one row speaks both languages."""

    def __init__(self, key):
        self.key = key

    def items(self):
        return registry.get(self.key).public().order_by("pk")

    def lastmod_in(self, item, language):
        return changed(item)


def tags_in_use():
    """{(language, tag id): when the newest public item under it changed}:
    a query per kind and language."""
    used = {}
    for code, _name in settings.LANGUAGES:
        with override(code):
            for kind in registry.kinds():
                rows = (
                    kind.through.objects.filter(
                        content_object__in=kind.public().values("pk")
                    )
                    .order_by()
                    .values_list("tag")
                    .annotate(
                        newest=Max(changed_in_sql(kind.model, "content_object__"))
                    )
                )
                for tag_id, newest in rows:
                    used[code, tag_id] = max(newest, used.get((code, tag_id), newest))
    return used


class TagSitemap(LanguageSitemap):
    """Each topic's page in the languages with something public under it: in
    each, under the tag naming the topic there (MICE in English, 会展 in
    Chinese), as the tag pages do."""

    def items(self):
        """[{language: (tag, when last changed)}], a topic each."""
        used = tags_in_use()
        ids = {tag_id for _code, tag_id in used}
        tags = Tag.objects.select_related("counterpart").in_bulk(ids)
        topics = {}
        for (code, tag_id), newest in sorted(used.items()):
            tag = tags[tag_id]
            pair = frozenset({tag_id, tag.counterpart_id} - {None})
            topic = topics.setdefault(pair, {})
            page, before = topic.get(code, (name_in(tag, code), newest))
            topic[code] = (page, max(before, newest))
        return list(topics.values())

    def get_languages_for_item(self, item):
        return [code for code, _name in settings.LANGUAGES if code in item]

    def location(self, item):
        return item[get_language()][0].get_absolute_url()

    def lastmod_in(self, item, language):
        return item[language][1]
