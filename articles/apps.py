from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from hangzhou_mice import pagecache, registry, roles

        from . import (
            search,
            signals,  # noqa: F401  (keeps stored Similar Articles fresh)
        )
        from .models import Article, SimilarArticle, SimilarList
        from .similar import similar_articles_retagged

        registry.register(
            registry.ContentKind(
                model=Article,
                public=lambda: Article.objects.published().in_language(),
                card_template="includes/article_card.html",
                card_related=lambda qs: qs.select_related("author", "hero_image"),
                schedule=("published_at",),
                related_source=True,
                retagged=similar_articles_retagged,
                search_items=search.search_items,
                search_documents=search.search_documents,
            )
        )
        pagecache.ignore(SimilarArticle, SimilarList)
        roles.grant(roles.EDITOR, models=[Article])
