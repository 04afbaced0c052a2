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
        roles.grant(roles.EDITOR, models=[Article])
        roles.grant(roles.WRITER, models=[Article])
        roles.grant_review(Article, writers=[roles.WRITER])
