from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete
from django.utils.translation import gettext_lazy as _


class HangzhouMiceConfig(AppConfig):
    name = "hangzhou_mice"
    verbose_name = _("Shared content")

    def ready(self):
        from . import mentions, pagecache, roles, search
        from .models import Download, Image, SearchEntry, SynonymGroup, Tag
        from .pagecache import connect_signals
        from .search import checks  # noqa: F401  (registers the pg_trgm check)
        from .services import tag_deleting
        from .tagging import topic_changed

        connect_signals()
        search.watch()
        # Derived from content whose own saves already changed the pages.
        pagecache.ignore(SearchEntry)
        roles.grant(roles.EDITOR, models=[Tag, Image, Download, SynonymGroup])
        roles.grant(roles.WRITER, models=[Tag, Image, Download])
        pre_delete.connect(tag_deleting, sender=Tag, dispatch_uid="tag_deleting")
        post_delete.connect(mentions.item_deleted, dispatch_uid="mentions-deleted")
        # A tag renamed, paired or deleted: its items' entries name it.
        post_save.connect(topic_changed, sender=Tag, dispatch_uid="search-topic")
        pre_delete.connect(topic_changed, sender=Tag, dispatch_uid="search-topic")
        # Runs after every migrate, once all apps' permissions exist.
        post_migrate.connect(roles.sync_roles, dispatch_uid="hangzhou_mice.sync_roles")
        # A site with no synonym group gets the ones it starts with.
        post_migrate.connect(synonyms_seed, dispatch_uid="hangzhou_mice.synonyms")


def synonyms_seed(sender, apps=None, **kwargs):
    """Write the starting synonym groups if the migrated (or flushed) site
    has none."""
    if sender.name != "hangzhou_mice":
        return
    from django.apps import apps as installed  # noqa: PLC0415

    from .search.synonym_seed import seed  # noqa: PLC0415

    apps = apps or installed  # flush sends none
    try:
        model = apps.get_model("hangzhou_mice", "SynonymGroup")
    except LookupError:  # migrated back to before the table
        return
    seed(model)
