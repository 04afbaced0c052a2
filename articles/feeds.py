from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .models import Article


class LatestArticlesFeed(Feed):
    title = _("Hangzhou MICE news")
    link = reverse_lazy("articles:article_list")
    description = _("News for meeting planners from the Hangzhou convention bureau.")

    def items(self):
        return Article.objects.published()[:20]

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
