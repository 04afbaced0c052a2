"""Similar Articles: stored lists against taggit, the live query and a lookup."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.similar import similar_articles, similar_articles_changed
from hangzhou_mice.models import Language

from .common import p50, percentile, result, timed_ms

STORED_LOOKUP = """
SELECT a.* FROM articles_similararticle s
JOIN articles_article a ON a.id = s.similar_id
WHERE s.article_id = %s
ORDER BY s.shared DESC, a.published_at DESC, a.id DESC LIMIT 3
"""


def sample(count):
    # English ones: the same sample as before Chinese articles were generated.
    english = Article.objects.published().in_language(Language.ENGLISH)
    ids = english.order_by("pk").values_list("pk", flat=True)
    step = max(1, ids.count() // count)
    return list(Article.objects.filter(pk__in=list(ids[::step][:count])))


def each(articles, call):
    return [timed_ms(lambda a=a: call(a), 1)[0] for a in articles]


def forget_all():
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE articles_similararticle, articles_similarlist")


def run(scale):
    articles = sample(max(50, int(300 * scale)))
    now = timezone.now()
    forget_all()
    with CaptureQueriesContext(connection) as cold_queries:
        similar_articles(articles[0], now)
    cold = each(articles[1:], lambda a: similar_articles(a, now))
    warm = each(articles, lambda a: similar_articles(a, now))
    lookup = each(articles, lambda a: list(Article.objects.raw(STORED_LOOKUP, [a.pk])))
    live = each(articles[:30], lambda a: list(Article.objects.similar_to(a)))
    taggit = each(articles[:5], lambda a: a.tags.similar_objects())
    publish = publish_cost(articles, now)
    return rows(warm, cold, lookup, live, taggit, publish, len(cold_queries))


def publish_cost(articles, now):
    """Time to bring every list in line after an article changes."""
    return each(articles[:20], lambda a: similar_articles_changed(a.pk))


def rows(warm, cold, lookup, live, taggit, publish, cold_query_count):
    w50, w95 = p50(warm), percentile(warm, 0.95)
    return [
        result(
            "Similar Articles read: p50",
            w50,
            p50(lookup),
            "≤ 2× lookup",
            w50 <= 2 * p50(lookup),
        ),
        result(
            "Similar Articles read: p95",
            w95,
            percentile(lookup, 0.95),
            "≤ 2× lookup",
            w95 <= 2 * percentile(lookup, 0.95),
        ),
        result(
            "Similar Articles read vs taggit similar_objects()",
            w50,
            p50(taggit),
            "≥ 500× faster",
            p50(taggit) / w50 >= 500,
        ),
        result(
            "Similar Articles cold path vs live query",
            p50(cold),
            p50(live),
            "≤ 1×, two queries",
            p50(cold) <= p50(live) and cold_query_count == 2,
            # The stored lookup finds no list; one query computes, stores
            # and answers.
            note=f"{cold_query_count} queries",
        ),
        result(
            "Lists updated after a change (write side)",
            p50(publish),
            None,
            "≤ 60 s",
            max(publish) <= 60_000,
            note=f"max {max(publish):.0f} ms",
        ),
    ]
