"""Keep the stored Similar Articles lists exact when articles change."""

from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import receiver

from .models import Article
from .similar import after_commit, similar_articles_forget


@receiver(post_save, sender=Article)
def article_saved(sender, instance, **kwargs):
    # Raw saves too: restoring a version through django-reversion is one.
    # A save that changes none of the fields placing it in lists (a title, a
    # text: `ARTICLE.listed_by`) leaves every list as it was.
    if getattr(instance, "listing_changed", True):
        after_commit(instance.pk)


@receiver(m2m_changed, sender=Article.tags.through)
def article_retagged(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, Article
    ):
        after_commit(instance.pk)


@receiver(pre_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    # Before the rows go, while the lists holding this article can be found.
    similar_articles_forget(instance.pk)
