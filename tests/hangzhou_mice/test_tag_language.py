"""Every page shows its tags under their names in the page's language."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hangzhou_mice.models import Tag
from hangzhou_mice.services import tag_pair
from tests.factories import ArticleFactory, EventFactory

pytestmark = pytest.mark.django_db
TAGS = re.compile(r'<ul class="tags".*?</ul>', re.S)
PAIRS = {"MICE": "会展", "Hangzhou": "杭州", "roadshow": "路演"}


def pair(english, chinese):
    tag = Tag.objects.get_or_create(name=english)[0]
    tag.counterpart = Tag.objects.get_or_create(name=chinese)[0]
    tag.save()
    tag_pair(tag=tag)


def tag_list(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return TAGS.search(response.content.decode()).group()


def test_chinese_page_shows_the_chinese_counterparts(client):
    EventFactory(slug="roadshow", tags=["MICE", "Hangzhou", "innovation"])
    for english, chinese in PAIRS.items():
        pair(english, chinese)

    chinese = tag_list(client, "/zh-hans/events/roadshow/")
    english = tag_list(client, "/en/events/roadshow/")

    assert '<a href="/zh-hans/tags/%E4%BC%9A%E5%B1%95/">会展</a>' in chinese
    assert ">杭州</a>" in chinese
    assert ">MICE<" not in chinese and ">Hangzhou<" not in chinese
    assert '<a href="/en/tags/mice/">MICE</a>' in english
    assert "会展" not in english and "杭州" not in english


def test_tag_with_no_name_in_the_page_language_is_marked_with_its_own(client):
    EventFactory(slug="roadshow", tags=["innovation", "西湖"])

    chinese = tag_list(client, "/zh-hans/events/roadshow/")
    english = tag_list(client, "/en/events/roadshow/")

    assert '<a href="/zh-hans/tags/innovation/" lang="en">innovation</a>' in chinese
    assert ">西湖</a>" in chinese and 'lang="zh-Hans">西湖' not in chinese
    assert 'lang="zh-Hans">西湖</a>' in english
    assert '<a href="/en/tags/innovation/">innovation</a>' in english


def test_a_topic_tagged_in_both_languages_shows_once(client):
    article = ArticleFactory(tags=["MICE", "会展", "roadshow"])
    pair("MICE", "会展")

    english = tag_list(client, article.get_absolute_url())

    assert english.count("<li>") == 2 and english.count(">MICE</a>") == 1
    assert "会展" not in english


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_tags_cost_no_query_each(client, language):
    event = EventFactory(slug="roadshow", tags=["MICE"])
    pair("MICE", "会展")
    url = f"/{language}/events/roadshow/"
    one = queries(client, url)
    names = [f"topic {n}" for n in range(8)]
    event.tags.add(*names)
    for number, name in enumerate(names):
        pair(name, f"话题{number}")

    assert queries(client, url) == one
