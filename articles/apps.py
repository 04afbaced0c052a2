from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from hangzhou_mice import pagecache, registry, roles

        from . import signals  # noqa: F401  (keeps stored Similar Articles fresh)
        from .kinds import KINDS
        from .models import Article, SimilarArticle, SimilarList

        for kind in KINDS:
            registry.register(kind)
        pagecache.ignore(SimilarArticle, SimilarList)
        review = [f"articles.{step}_article" for step in ("submit", "review")]
        roles.grant(roles.EDITOR, models=[Article], permissions=review)
        roles.grant(
            roles.WRITER, models=[Article], permissions=["articles.submit_article"]
        )
        for role, step in ((roles.REVIEWER, "review"), (roles.PUBLISHER, "publish")):
            roles.grant(
                role,
                permissions=[
                    "articles.view_article",
                    "articles.change_article",
                    f"articles.{step}_article",
                ],
            )
