"""Sitemaps of the registered kinds: one item per object, in every language."""

from django.contrib.sitemaps import Sitemap

from . import registry


class KindSitemap(Sitemap):
    """Every public item of a kind whose one row speaks both languages."""

    i18n = True
    alternates = True
    # No x-default: Django writes it without the language prefix, which our
    # URLs redirect; the pages themselves name x-default.

    def __init__(self, key):
        self.key = key

    def items(self):
        return registry.get(self.key).public().order_by("pk")

    def lastmod(self, item):
        return item.updated_at
