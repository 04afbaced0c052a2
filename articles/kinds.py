"""The articles app's kind of public content, registered in apps.py."""

from hangzhou_mice.registry import ContentKind

from . import search
from .models import Article
from .similar import similar_articles_retagged

ARTICLE = ContentKind(
    model=Article,
    public=lambda: Article.objects.published().in_language(),
    card_template="includes/article_card.html",
    card_related=lambda qs: qs.select_related("author", "hero_image"),
    schedule=("published_at",),
    related_source=True,
    retagged=similar_articles_retagged,
    search_items=search.search_items,
    search_documents=search.search_documents,
    change_keys=lambda article: [article.translations_page_key],
    listed_by=("status", "published_at", "language"),
)

KINDS = (ARTICLE,)
