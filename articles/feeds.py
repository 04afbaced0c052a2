import re
from html.parser import HTMLParser

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

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
    title = _("Hangzhou MICE news")
    link = reverse_lazy("articles:article_list")
    description = _("News about meeting in Hangzhou, for meeting planners.")

    def item_title(self, item):
        return printable(item.title)

    def items(self):
        return Article.objects.published().in_language()[:20]

    def item_description(self, item):
        return plain_text(item.summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
