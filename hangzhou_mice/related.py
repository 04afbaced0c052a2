"""Rank items by the tags they share with something: the Similar Articles rule.

The rule, written once: among published items sharing at least one tag,
most shared tags first, then the most recently published, then the newest
id. `rank_by_shared_tags` applies it with the ORM; the stored lists' SQL
(articles/similar.py) is built from `ranking_sql` and `published_sql`, and
a property test holds the two to the same answers; `ranked_ids` answers it
early for the related articles of other kinds, held to `rank_by_shared_tags`
by a property test of its own.
"""

from django.db import connection
from django.db.models import BooleanField, Count, Exists, OuterRef
from django.db.models.expressions import RawSQL

from . import pagecache, registry
from .models import Status, Tag

# Sort keys, each descending: (shared tags, publication date, id).
RANKING = ("shared_tags", "published_at", "pk")


def rank_by_shared_tags(queryset, tag_ids, *, exclude_pk=None, limit=3):
    """Return up to `limit` items of `queryset` sharing most of `tag_ids`.

    `queryset` is a published() queryset (narrowed further as the caller
    likes, for example to one language) of a model whose tags go through a
    TaggedItem, so this is one indexed query.
    """
    queryset = queryset.filter(tagged_items__tag_id__in=tag_ids)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.annotate(shared_tags=Count("tagged_items")).order_by(
        *(f"-{key}" for key in RANKING)
    )[:limit]


def ranking_sql(shared, published_at, pk, *, best_first=True):
    """The ranking as an SQL ORDER BY list over three column expressions."""
    direction = " DESC" if best_first else ""
    return ", ".join(f"{column}{direction}" for column in (shared, published_at, pk))


def ranking_row(shared, published_at, pk):
    """The ranking as a row value: a better item compares greater."""
    return f"({shared}, {published_at}, {pk})"


def published_sql(alias):
    """PublishableQuerySet.with_status_published() for `alias`, in SQL.

    The status is written as a literal, as the ORM's own queries are planned
    with it: a parameter would let a generic plan guess its selectivity.
    """
    return f"{alias}.status = '{Status.PUBLISHED.value}'"


RELATED_DEPTH = 10  # ids ranked, so unpublishing a few never runs dry


def ranked_ids(queryset, through, tag_ids, *, limit):
    """The ids `rank_by_shared_tags` gives, in one statement PostgreSQL can
    answer early. First the newest items carrying every one of `tag_ids`
    (one semi-join a tag, each planned for that tag's use: for common tags
    it walks the newest items and stops at `limit`, for rare ones it starts
    from their taggings); only when fewer than `limit` do, the ranking by
    shared tags over the rest, all of which share fewer. Counting shared
    tags over every item under two common tags took 0.4 s at full scale
    (make bench); the first part alone, 3 ms.

    `queryset` is a published() queryset of a kind tagged through
    `through`."""
    newest = [f"-{key}" for key in RANKING[1:]]
    top = queryset
    for tag_id in tag_ids:
        tagged = through.objects.filter(content_object=OuterRef("pk"), tag_id=tag_id)
        top = top.filter(Exists(tagged))
    top = top.order_by(*newest).values("pk", "published_at")[:limit]
    # The rest only while the first part is short (our own table's name).
    table = queryset.model._meta.db_table
    rest_only = RawSQL(  # noqa: S611
        f'"{table}"."id" NOT IN (SELECT pk FROM top) '  # noqa: S608
        "AND (SELECT count(*) FROM top) < %s",
        (limit,),
        output_field=BooleanField(),
    )
    rest = (
        queryset.filter(rest_only, tagged_items__tag_id__in=tag_ids)
        .annotate(shared_tags=Count("tagged_items"))
        .order_by(*(f"-{key}" for key in RANKING))
        .values("pk", "shared_tags", "published_at")[:limit]
    )
    top_sql, top_params = top.query.sql_with_params()
    rest_sql, rest_params = rest.query.sql_with_params()
    sql = f"""
WITH top (pk, published_at) AS MATERIALIZED ({top_sql})
SELECT pk FROM (
    SELECT pk, %s AS shared, published_at FROM top
    UNION ALL
    SELECT * FROM ({rest_sql}) rest
) ranked
ORDER BY {ranking_sql("shared", "published_at", "pk")}
LIMIT %s
"""  # noqa: S608 (compiled querysets and our own names)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*top_params, len(tag_ids), *rest_params, limit])
        return [pk for (pk,) in cursor.fetchall()]


def related_articles(obj, *, limit=3, besides=()):
    """Return published articles sharing most tags with `obj`, best first.

    For events, venues and ambassadors, in the active language; publication
    is checked as they are read. Ranked on each render: the page cache keeps
    the page, outdated by any change to what is under one of `obj`'s tags
    (`pagecache.depends` on each tag's key). `obj.tags.all()` is prefetched.
    `besides`: articles the page shows already (In the news), left out.
    """
    tag_ids = sorted(tag.pk for tag in obj.tags.all())
    pagecache.depends(*(pagecache.item_key(Tag, pk) for pk in tag_ids))
    if not tag_ids:
        return []
    source = registry.related_source()
    ids = ranked_ids(source.public(), source.through, tag_ids, limit=RELATED_DEPTH)
    shown = {article.pk for article in besides}
    ids = [pk for pk in ids if pk not in shown]
    live = source.cards().in_bulk(ids)
    return [live[pk] for pk in ids if pk in live][:limit]
