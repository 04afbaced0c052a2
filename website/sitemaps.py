"""What /sitemap.xml lists: the fixed pages, every public item and the tag pages."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from articles.sitemaps import ArticleSitemap
from bureau import privacy
from hangzhou_mice import registry
from hangzhou_mice.sitemaps import (
    KindSitemap,
    LanguageSitemap,
    TagSitemap,
    latest_changes,
)

# The lists and the home page, with the kinds whose newest item dates them.
LISTS = {
    "home": None,  # every kind
    "articles:article_list": ("article",),
    "events:event_list": ("event",),
    "events:venue_list": ("venue",),
    "ambassadors:ambassador_list": ("ambassador",),
    "bureau:page_list": ("bureaupage",),
}


class FixedPageSitemap(LanguageSitemap):
    """The home page, the lists and the privacy notice, in every language."""

    def items(self):
        """[(URL name, {language: when last changed})]."""
        languages = [code for code, _name in settings.LANGUAGES]
        latest = latest_changes()
        every_kind = [kind.key for kind in registry.kinds()]

        def newest(code, keys):
            dates = (latest[code, key] for key in keys or every_kind)
            return max(filter(None, dates), default=None)

        items = [
            (name, {code: newest(code, keys) for code in languages})
            for name, keys in LISTS.items()
        ]
        notice = datetime.datetime.combine(privacy.DATE, datetime.time())
        notice = timezone.make_aware(notice)
        return [*items, ("privacy", dict.fromkeys(languages, notice))]

    def location(self, item):
        return reverse(item[0])

    def lastmod_in(self, item, language):
        return item[1][language]


SITEMAPS = {
    "pages": FixedPageSitemap(),
    "articles": ArticleSitemap(),
    "events": KindSitemap("event"),
    "venues": KindSitemap("venue"),
    "ambassadors": KindSitemap("ambassador"),
    "bureau": KindSitemap("bureaupage"),
    "tags": TagSitemap(),
}
