"""Rank items by the tags they share with something: the Similar Articles rule.

Articles, events, venues and ambassadors all use this one ranking.
"""

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
