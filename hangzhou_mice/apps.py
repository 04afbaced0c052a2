from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save, pre_delete
from django.utils.translation import gettext_lazy as _


class HangzhouMiceConfig(AppConfig):
    name = "hangzhou_mice"
    verbose_name = _("Shared content")

    def ready(self):
        from . import pagecache, roles, search
        from .models import Download, Image, SearchEntry, Tag
        from .pagecache import connect_signals
        from .search import checks  # noqa: F401  (registers the pg_trgm check)
        from .services import tag_deleting
        from .tagging import topic_changed

        connect_signals()
        search.watch()
        # Derived from content whose own saves already changed the pages.
        pagecache.ignore(SearchEntry)
        roles.grant(roles.EDITOR, models=[Tag, Image, Download])
        roles.grant(roles.WRITER, models=[Tag, Image, Download])
        pre_delete.connect(tag_deleting, sender=Tag, dispatch_uid="tag_deleting")
        # A tag renamed, paired or deleted: its items' entries name it.
        post_save.connect(topic_changed, sender=Tag, dispatch_uid="search-topic")
        pre_delete.connect(topic_changed, sender=Tag, dispatch_uid="search-topic")
        # Runs after every migrate, once all apps' permissions exist.
        post_migrate.connect(roles.sync_roles, dispatch_uid="hangzhou_mice.sync_roles")
