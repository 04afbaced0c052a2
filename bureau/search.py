"""Bureau pages in the site search: a document per site language, reading
the page's texts and the titles of its downloads (so "fact sheet" finds the
toolkit)."""

from hangzhou_mice.models import Status
from hangzhou_mice.search import in_each_language
from hangzhou_mice.search.text import plain

from .models import BureauPage


def search_items():
    return BureauPage.objects.prefetch_related("downloads")


def describe(page):
    parts = [page.summary, plain(page.body)]
    parts += [download.title for download in page.downloads.all()]
    return {
        "published": page.status == Status.PUBLISHED,
        "published_at": page.published_at,
        "date": page.published_at,
        "text": " ".join(parts),
    }


def search_documents(page):
    return in_each_language(page, "title", describe)
