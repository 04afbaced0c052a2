"""Bureau pages in the site search: a document per site language, reading
the page's texts and the titles of its downloads (so "fact sheet" finds the
toolkit), with, in `other`, its topics under both their names and the
downloads' titles in the other language."""

from dataclasses import replace

from django.conf import settings

from hangzhou_mice.models import Status
from hangzhou_mice.search import in_each_language
from hangzhou_mice.search.text import plain
from hangzhou_mice.tagging import item_topic_names, with_topic_names
from hangzhou_mice.translated import language_column

from .models import BureauPage


def search_items():
    return with_topic_names(BureauPage.objects.prefetch_related("downloads"))


def describe(page):
    parts = [page.summary, plain(page.body)]
    parts += [download.title for download in page.downloads.all()]
    return {
        "published": page.status == Status.PUBLISHED,
        "published_at": page.published_at,
        "date": page.published_at,
        "text": "\n".join(parts),
    }


def other_titles(page, language):
    """The downloads' titles as written in the languages other than this one."""
    columns = [language_column("title", code) for code, _name in settings.LANGUAGES]
    columns.remove(language_column("title", language))
    titles = [getattr(d, column) for d in page.downloads.all() for column in columns]
    return [title for title in titles if title]


def search_documents(page):
    topics = item_topic_names(page)
    return [
        replace(
            document,
            other=" ".join(
                [document.other, *topics, *other_titles(page, document.language)]
            ),
        )
        for document in in_each_language(page, "title", describe)
    ]
