import mimetypes
import re
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.sites.requests import RequestSite
from django.contrib.syndication.views import Feed, add_domain
from django.core.files.storage import default_storage
from django.urls import reverse_lazy
from django.utils.feedgenerator import Enclosure
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hangzhou_mice.tagging import in_language, with_counterparts

from .models import Article

# XML 1.0 cannot carry these; text pasted from PDFs often has them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def printable(text):
    return CONTROL_CHARACTERS.sub("", text)


class TextOnly(HTMLParser):
    """Keep the text of some HTML, its entities read, and drop its tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []

    def handle_data(self, data):
        self.text.append(data)


def plain_text(html):
    # Not strip_tags(): it writes a bare "R&D" back as "R&D;".
    parser = TextOnly()
    parser.feed(html)
    parser.close()
    return printable("".join(parser.text))


class LatestArticlesFeed(Feed):
    """The latest articles in the page's language: each with its tags as
    categories (in that language where a tag has a counterpart) and its
    hero image as an enclosure."""

    title = _("Hangzhou MICE news")
    link = reverse_lazy("articles:article_list")
    description = _("News about meeting in Hangzhou, for meeting planners.")

    def get_object(self, request, *args, **kwargs):
        # What the items need of the request: the feed object is shared.
        return {"domain": RequestSite(request).domain, "secure": request.is_secure()}

    def items(self, obj):
        articles = list(
            Article.objects.published()
            .in_language()
            .select_related("hero_image")
            .prefetch_related("tags")[:20]
        )
        # Every article's tags' counterparts, in one query.
        with_counterparts(tag for article in articles for tag in article.tags.all())
        for article in articles:
            article.feed_site = obj
        return articles

    def item_title(self, item):
        return printable(item.title)

    def item_description(self, item):
        return plain_text(item.summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        language = get_language()
        return [
            printable(tag.name)
            for tag, _language in in_language(item.tags.all(), language)
        ]

    def item_enclosures(self, item):
        image = item.hero_image
        rendition = image.default_rendition if image and image.has_renditions else None
        if rendition is None:
            return []
        name = rendition["fallback"]
        url = add_domain(
            item.feed_site["domain"],
            default_storage.url(name),
            item.feed_site["secure"],
        )
        mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return [Enclosure(url=url, length=str(stored_size(name)), mime_type=mime_type)]


def stored_size(name):
    """The size of a stored file in bytes, or 0 (unknown, as RSS allows):
    when it is missing, and when media are in a bucket, where each size
    would be a request to it for every item of every feed."""
    if settings.MEDIA_BUCKET:
        return 0
    try:
        return default_storage.size(name)
    except OSError:
        return 0
