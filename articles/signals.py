"""Keep the stored Similar Articles lists exact when articles change."""

from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.dispatch import receiver

from .models import Article
from .similar import after_commit, similar_articles_forget

# What places an article in the lists: a save that changes none of these
# (a title, a text) leaves every list as it was.
RANKED_BY = ("status", "published_at", "language")


@receiver(pre_save, sender=Article)
def article_saving(sender, instance, **kwargs):
    if instance.pk is None:
        return  # new: placed after the commit
    before = sender.objects.filter(pk=instance.pk).values(*RANKED_BY).first()
    instance.ranking_changed = before != {
        name: getattr(instance, name) for name in RANKED_BY
    }


@receiver(post_save, sender=Article)
def article_saved(sender, instance, **kwargs):
    # Raw saves too: restoring a version through django-reversion is one.
    if getattr(instance, "ranking_changed", True):
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
