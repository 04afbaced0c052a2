"""A page costs the same queries in Chinese as in English.

Per-language columns are read from the same rows (modeltranslation adds
columns, not joins), and the Chinese pages of the demo, with their
translated events, venues, ambassadors and fields, must not fall back to a
query per item.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.services import article_translate
from hangzhou_mice.models import Status
from tests.demo import load_demo

PAGES = [
    "",
    "events/",
    "events/hangzhou-plus-roadshow-beijing/",
    "events/hangzhou-plus-roadshow-beijing.ics",
    "venues/",
    "venues/?attendees=300&sort=capacity",
    "venues/qiantang-demo-expo-centre/",
    "ambassadors/",
    "ambassadors/?field=tea-science",
    "ambassadors/tian-mei/",
    "tags/mice/",
]


@pytest.fixture
def demo(db):
    """The demo, with every English article published in Chinese under the
    same tags, so that both languages' pages have the same related items."""
    load_demo()
    for article in Article.objects.filter(language="en"):
        chinese = article_translate(
            article=article,
            language="zh-hans",
            user=None,
            title=f"{article.title}（中文）",
            summary=article.summary,
            body=article.body,
        )
        chinese.tags.set(list(article.tags.all()))
        chinese.status, chinese.published_at = Status.PUBLISHED, article.published_at
        chinese.save()


def queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_chinese_pages_cost_what_the_english_ones_do(client, demo):
    # One demo load for all pages: it is the slow part.
    counts = {
        page: (queries(client, f"/en/{page}"), queries(client, f"/zh-hans/{page}"))
        for page in PAGES
    }

    assert {page: (en, zh) for page, (en, zh) in counts.items() if en != zh} == {}
    assert max(max(pair) for pair in counts.values()) <= 12
