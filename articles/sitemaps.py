from django.contrib.sitemaps import Sitemap
from django.utils.translation import get_language

from .models import Article


class ArticleSitemap(Sitemap):
    """One entry per published article; its translations as alternates."""

    i18n = True
    alternates = True
    # No x-default: Django writes it without the language prefix, which our
    # URLs redirect; the pages themselves name x-default.

    def items(self):
        """Published articles grouped by translation: [{language: article}]."""
        groups = {}
        published = Article.objects.published().order_by("translation_key", "pk")
        for article in published.only("slug", "language", "translation_key"):
            groups.setdefault(article.translation_key, {})[article.language] = article
        return list(groups.values())

    def get_languages_for_item(self, item):
        return list(item)

    def location(self, item):
        return item[get_language()].get_absolute_url()
