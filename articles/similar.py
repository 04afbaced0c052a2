"""Similar Articles, stored: the top of each article's list, kept exact.

Each article's list is the top `DEPTH` published (or scheduled) articles of
its language by shared tags, then recency, computed on its first view in
the same single query that answers that view, and stored. Later views read
the stored list (one indexed query), filtering by publication state and date
at read time, so an unpublished or not-yet-live article never shows.

When an article is published, retagged, re-dated, unpublished or deleted,
`similar_articles_changed` runs after the commit:
- every stored list that contains it is dropped (it recomputes, exactly, on
  its next view);
- its own list is dropped;
- if it is published, it is inserted into every stored list where it now
  belongs (it beats the list's last entry, or the list holds every
  candidate there was).
Nothing else is recomputed, and no list is ever stale after the commit.
"""

import functools

from django.db import connection, transaction
from django.db.models import prefetch_related_objects

from hangzhou_mice import pagecache
from hangzhou_mice.models import Image
from hangzhou_mice.prepared import instance
from hangzhou_mice.related import published_sql, ranking_row, ranking_sql

from .models import Article

DEPTH = 10
SHOWN = 3

# The f-strings below put in our own constants and SQL, never input.
READ = f"""
WITH
  list AS (
    SELECT complete FROM articles_similarlist WHERE article_id = %(id)s),
  stored AS (
    SELECT s.similar_id AS id, s.shared, a.published_at
    FROM articles_similararticle s
    JOIN articles_article a ON a.id = s.similar_id
    WHERE s.article_id = %(id)s AND {published_sql("a")}),
  shown AS (
    SELECT * FROM stored WHERE published_at <= %(now)s
    ORDER BY {ranking_sql("shared", "published_at", "id")} LIMIT {SHOWN}),
  usable AS (
    SELECT EXISTS (SELECT 1 FROM list)
      AND ((SELECT count(*) FROM shown) = {SHOWN}
           OR COALESCE((SELECT complete FROM list), false)) AS ok),
  live AS (
    SELECT t.content_object_id AS id, count(*) AS shared, a.published_at
    FROM articles_taggedarticle t
    JOIN articles_article a ON a.id = t.content_object_id
    WHERE NOT (SELECT ok FROM usable)
      AND t.tag_id IN (SELECT tag_id FROM articles_taggedarticle
                       WHERE content_object_id = %(id)s)
      AND t.content_object_id <> %(id)s
      AND {published_sql("a")}
      AND a.language = (SELECT language FROM articles_article WHERE id = %(id)s)
    GROUP BY t.content_object_id, a.published_at
    ORDER BY {ranking_sql("shared", "a.published_at", "t.content_object_id")}
    LIMIT {DEPTH}),
  forget AS (
    DELETE FROM articles_similararticle
    WHERE article_id = %(id)s AND NOT (SELECT ok FROM usable)
      AND similar_id NOT IN (SELECT id FROM live)),
  keep AS (
    INSERT INTO articles_similararticle (article_id, similar_id, shared)
    SELECT %(id)s, id, shared FROM live
    ON CONFLICT (article_id, similar_id) DO UPDATE SET shared = EXCLUDED.shared),
  mark AS (
    INSERT INTO articles_similarlist (article_id, complete)
    SELECT %(id)s, (SELECT count(*) FROM live) < {DEPTH}
    WHERE NOT (SELECT ok FROM usable)
    ON CONFLICT (article_id) DO UPDATE SET complete = EXCLUDED.complete),
  picked AS (
    SELECT id, shared, published_at FROM shown WHERE (SELECT ok FROM usable)
    UNION ALL
    SELECT id, shared, published_at FROM live WHERE published_at <= %(now)s)
SELECT a.*, p.shared AS shared_tags
FROM picked p JOIN articles_article a ON a.id = p.id
ORDER BY {ranking_sql("p.shared", "p.published_at", "p.id")}
LIMIT {SHOWN}
"""

DROP_LISTS_WITH = """
WITH lists AS (
  SELECT DISTINCT article_id FROM articles_similararticle WHERE similar_id = %(id)s
  UNION SELECT %(id)s),
gone AS (DELETE FROM articles_similarlist WHERE article_id IN (SELECT * FROM lists)),
dropped AS (
  DELETE FROM articles_similararticle WHERE article_id IN (SELECT * FROM lists))
SELECT article_id FROM lists
"""

DROP_OWN_LISTS = """
WITH gone AS (DELETE FROM articles_similarlist WHERE article_id = ANY(%(ids)s))
DELETE FROM articles_similararticle WHERE article_id = ANY(%(ids)s)
"""

INSERT_INTO_LISTS = f"""
WITH
  me AS (
    SELECT a.published_at, a.language FROM articles_article a
    WHERE a.id = %(id)s AND {published_sql("a")}),
  candidates AS (
    SELECT t.content_object_id AS list_id, count(*) AS shared
    FROM articles_taggedarticle t
    JOIN articles_article o ON o.id = t.content_object_id
    WHERE t.tag_id IN (SELECT tag_id FROM articles_taggedarticle
                       WHERE content_object_id = %(id)s)
      AND t.content_object_id <> %(id)s
      AND o.language = (SELECT language FROM me)
    GROUP BY t.content_object_id),
  last_entries AS (
    SELECT DISTINCT ON (s.article_id) s.article_id AS list_id, s.shared,
           a.published_at, a.id
    FROM articles_similararticle s
    JOIN articles_article a ON a.id = s.similar_id
    WHERE s.article_id IN (SELECT list_id FROM candidates)
    ORDER BY s.article_id,
             {ranking_sql("s.shared", "a.published_at", "a.id", best_first=False)}),
  sizes AS (
    SELECT article_id AS list_id, count(*) AS n FROM articles_similararticle
    WHERE article_id IN (SELECT list_id FROM candidates) GROUP BY article_id)
INSERT INTO articles_similararticle (article_id, similar_id, shared)
SELECT c.list_id, %(id)s, c.shared
FROM candidates c
JOIN articles_similarlist l ON l.article_id = c.list_id
LEFT JOIN last_entries w ON w.list_id = c.list_id
LEFT JOIN sizes z ON z.list_id = c.list_id
WHERE l.complete OR COALESCE(z.n, 0) < {DEPTH}
   OR {ranking_row("c.shared", "(SELECT published_at FROM me)", "%(id)s")}
      > {ranking_row("w.shared", "w.published_at", "w.id")}
ON CONFLICT (article_id, similar_id) DO UPDATE SET shared = EXCLUDED.shared
RETURNING article_id
"""


def similar_articles(article, now):
    """Return the Similar Articles of `article`, with the hero images their
    cards show.

    Where the stored list holds three entries live at `now` (nearly every
    view), or fewer and is complete, they are the answer, read in one
    indexed query with their images (`stored_read`). Otherwise `READ`
    decides, as one query, whether the list is usable or must be computed
    (and stores it), and one more query reads the images.
    """
    similar = stored_read(article, now)
    if len(similar) == SHOWN or (similar and similar[0].list_complete):
        return similar
    similar = list(Article.objects.raw(READ, {"id": article.pk, "now": now}))
    prefetch_related_objects(similar, "hero_image")
    return similar


def stored_read(article, now):
    """The top of `article`'s stored list among the entries published and
    live at `now`, each marked with whether the list is complete: what
    `READ` answers when it finds three there, or a complete list. One
    indexed query with the hero images, as plain as the bare lookup."""
    sql, article_names, image_names = stored_read_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, {"id": article.pk, "now": now})
        rows = cursor.fetchall()
    split = len(article_names)
    similar = []
    for row in rows:
        item = instance(Article, article_names, row[:split])
        item.shared_tags, item.list_complete = row[split], row[split + 1]
        image = row[split + 2 :]
        item.hero_image = instance(Image, image_names, image) if image[0] else None
        similar.append(item)
    return similar


@functools.cache
def stored_read_sql():
    """`stored_read`'s query, and the article and image fields it reads:
    a card shows neither an article's body nor a waiting change."""
    article_names = [
        f.attname
        for f in Article._meta.concrete_fields
        if f.name not in ("body", "pending")
    ]
    image_names = [f.attname for f in Image._meta.concrete_fields]
    columns = ", ".join(
        [f"a.{name}" for name in article_names]
        + ["s.shared", "COALESCE(l.complete, false)"]
        + [f"i.{name}" for name in image_names]
    )
    sql = f"""
SELECT {columns}
FROM articles_similararticle s
JOIN articles_article a ON a.id = s.similar_id
LEFT JOIN {Image._meta.db_table} i ON i.id = a.hero_image_id
LEFT JOIN articles_similarlist l ON l.article_id = s.article_id
WHERE s.article_id = %(id)s AND {published_sql("a")} AND a.published_at <= %(now)s
ORDER BY {ranking_sql("s.shared", "a.published_at", "a.id")}
LIMIT {SHOWN}
"""
    return sql, article_names, image_names


def lists_changed(cursor):
    """Outdate the cached pages of the articles whose lists `cursor`'s
    statement changed: they show them."""
    ids = {article_id for (article_id,) in cursor.fetchall()}
    pagecache.keys_changed(pagecache.item_key(Article, pk) for pk in ids)


def similar_articles_forget(article_id):
    """Drop the stored lists that contain an article, and its own."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(DROP_LISTS_WITH, {"id": article_id})
        lists_changed(cursor)


def similar_articles_changed(article_id):
    """Bring every stored list in line with a changed article."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(DROP_LISTS_WITH, {"id": article_id})
        lists_changed(cursor)
        cursor.execute(INSERT_INTO_LISTS, {"id": article_id})
        lists_changed(cursor)


def similar_articles_retagged(article_ids):
    """Drop the stored lists of articles whose tags changed in bulk.

    After a tag merge or delete, a list can change only if its own article
    holds the tag concerned, so these lists, and no others, recompute on
    their next view.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(DROP_OWN_LISTS, {"ids": list(article_ids)})
        pagecache.keys_changed(pagecache.item_key(Article, pk) for pk in article_ids)


def after_commit(article_id):
    """Run `similar_articles_changed` once the current transaction commits.

    No bookkeeping to run it only once per transaction: a rolled-back
    transaction would leave that bookkeeping behind, and a second refresh
    costs tens of milliseconds where a skipped one leaves lists wrong.
    """
    transaction.on_commit(lambda: similar_articles_changed(article_id))
