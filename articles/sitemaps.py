from django.utils.translation import get_language

from hangzhou_mice.sitemaps import LanguageSitemap, changed

from .models import Article


class ArticleSitemap(LanguageSitemap):
    """One entry per published article; its translations as alternates."""

    def items(self):
        """Published articles grouped by translation: [{language: article}]."""
        groups = {}
        published = Article.objects.published().order_by("translation_key", "pk")
        fields = ("slug", "language", "translation_key", "updated_at", "published_at")
        for article in published.only(*fields):
            groups.setdefault(article.translation_key, {})[article.language] = article
        return list(groups.values())

    def get_languages_for_item(self, item):
        return list(item)

    def location(self, item):
        return item[get_language()].get_absolute_url()

    def lastmod_in(self, item, language):
        return changed(item[language])
