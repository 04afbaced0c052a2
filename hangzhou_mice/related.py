"""Rank items by the tags they share with something: the Similar Articles rule.

Articles, events, venues and ambassadors all use this one ranking.
"""

from django.core.cache import cache
from django.db.models import Count


def rank_by_shared_tags(queryset, tag_ids, *, exclude_pk=None, limit=3):
    """Return up to `limit` items of `queryset` sharing most of `tag_ids`.

    Ties go to the most recently published. `queryset` is a published()
    queryset of a model whose tags use a through model with a real foreign key
    (related name `tagged_items`), so this is one indexed query.
    """
    queryset = queryset.filter(tagged_items__tag_id__in=tag_ids)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.annotate(shared_tags=Count("tagged_items")).order_by(
        "-shared_tags", "-published_at", "-pk"
    )[:limit]


RELATED_DEPTH = 10  # ids kept per item, so unpublishing a few never runs dry
RELATED_SECONDS = 60


def related_articles(obj, *, limit=3):
    """Return published articles sharing most tags with `obj`, best first.

    For events, venues and ambassadors. The ranked ids are cached for a
    minute per item and tag set; publication is checked on every read, so
    an unpublished article never shows and a new one shows within the
    minute. `obj.tags.all()` is expected to be prefetched.
    """
    from articles.models import Article

    tag_ids = sorted(tag.pk for tag in obj.tags.all())
    if not tag_ids:
        return []
    key = f"related:{obj._meta.label_lower}:{obj.pk}:{','.join(map(str, tag_ids))}"
    ids = cache.get(key)
    if ids is None:
        ranked = rank_by_shared_tags(
            Article.objects.published(), tag_ids, limit=RELATED_DEPTH
        )
        ids = list(ranked.values_list("pk", flat=True))
        cache.set(key, ids, RELATED_SECONDS)
    live = Article.objects.published().in_bulk(ids)
    return [live[pk] for pk in ids if pk in live][:limit]
