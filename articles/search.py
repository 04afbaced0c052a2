"""Articles in the site search: one document, in the article's language."""

from hangzhou_mice.models import Status
from hangzhou_mice.search import Document
from hangzhou_mice.search.text import plain

from .models import Article


def search_items():
    return Article.objects.only(
        "language",
        "title",
        "slug",
        "summary",
        "body",
        "hero_caption",
        "status",
        "published_at",
    )


def search_documents(article):
    return [
        Document(
            kind="article",
            object_id=article.pk,
            language=article.language,
            title=article.title,
            url=article.get_absolute_url(),
            published=article.status == Status.PUBLISHED,
            published_at=article.published_at,
            date=article.published_at,
            text=f"{article.summary} {plain(article.body)} {article.hero_caption}",
        )
    ]
