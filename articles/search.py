"""Articles in the site search: one document, in the article's language,
with its topics under both their names (so 会展 finds an English article
tagged MICE)."""

from hangzhou_mice.models import Status
from hangzhou_mice.search import Document
from hangzhou_mice.search.text import plain
from hangzhou_mice.tagging import item_topic_names, with_topic_names

from .models import Article


def search_items():
    articles = Article.objects.only(
        "language",
        "title",
        "slug",
        "summary",
        "body",
        "hero_caption",
        "status",
        "published_at",
    )
    return with_topic_names(articles)


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
            text="\n".join(
                (article.summary, plain(article.body), article.hero_caption)
            ),
            other=" ".join(item_topic_names(article)),
        )
    ]
