"""A tag page lists everything public under the tag: articles, events, venues
and ambassadors, by kind, from the content registry."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hangzhou_mice import views
from hangzhou_mice.models import Tag
from hangzhou_mice.services import tag_pair
from tests.factories import (
    AmbassadorFactory,
    ArticleFactory,
    EventFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def page(client, url="/en/tags/mice/"):
    response = client.get(url)
    return response.status_code, response.content.decode()


def test_tag_page_lists_published_items_of_every_kind(client):
    ArticleFactory(title="Roadshow news", tags=["MICE"])
    EventFactory(title="Beijing roadshow", tags=["MICE"])
    VenueFactory(name="Lakeside Hotel", tags=["MICE"])
    AmbassadorFactory(name="Tian Mei", tags=["MICE"])

    status, body = page(client)

    assert status == 200
    for title in ("Roadshow news", "Beijing roadshow", "Lakeside Hotel", "Tian Mei"):
        assert title in body
    for heading in ("Articles (1)", "Events (1)", "Venues (1)", "Ambassadors (1)"):
        assert heading in body


def test_drafts_and_inactive_ambassadors_never_show(client):
    ArticleFactory(title="Public story", tags=["MICE"])
    ArticleFactory(title="Draft story", tags=["MICE"], draft=True)
    EventFactory(title="Draft event", tags=["MICE"], draft=True)
    VenueFactory(name="Draft venue", tags=["MICE"], draft=True)
    AmbassadorFactory(name="Former ambassador", tags=["MICE"], inactive=True)

    status, body = page(client)

    assert status == 200 and "Public story" in body
    for hidden in ("Draft story", "Draft event", "Draft venue", "Former ambassador"):
        assert hidden not in body
    assert "Events (" not in body and "Venues (" not in body


def test_tag_used_only_by_a_venue_has_a_page(client):
    VenueFactory(name="Lakeside Hotel", tags=["Lakeside"])

    status, body = page(client, "/en/tags/lakeside/")

    assert status == 200 and "Lakeside Hotel" in body


def test_tag_nothing_public_uses_is_404(client):
    EventFactory(tags=["Secret"], draft=True)
    AmbassadorFactory(tags=["Secret"], inactive=True)
    Tag.objects.create(name="Unused")

    assert page(client, "/en/tags/secret/")[0] == 404
    assert page(client, "/en/tags/unused/")[0] == 404


def test_kind_filter_pages_through_one_kind(client):
    VenueFactory.create_batch(14, tags=["MICE"])
    ArticleFactory(title="Roadshow news", tags=["MICE"])

    status, overview = page(client)
    _, first = page(client, "/en/tags/mice/?kind=venue")
    _, second = page(client, "/en/tags/mice/?kind=venue&page=2")

    assert status == 200
    assert overview.count('class="card card--venue"') == 6
    assert "See all 14" in overview and "Roadshow news" in overview
    assert first.count('class="card card--venue"') == 12
    assert "Roadshow news" not in first
    assert second.count('class="card card--venue"') == 2
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("query", ["?page=3", "?kind=venue&page=9", "?page=abc"])
def test_bad_page_is_404(client, query):
    VenueFactory.create_batch(3, tags=["MICE"])

    assert page(client, f"/en/tags/mice/{query}")[0] == 404


def test_unknown_kind_shows_everything(client):
    VenueFactory(name="Lakeside Hotel", tags=["MICE"])

    status, body = page(client, "/en/tags/mice/?kind=nonsense")

    assert status == 200 and "Lakeside Hotel" in body


def test_slug_in_another_case_redirects(client):
    VenueFactory(tags=["MICE"])

    response = client.get("/en/tags/MICE/")

    assert response.status_code == 301 and response["Location"] == "/en/tags/mice/"


def make_items(count):
    ArticleFactory.create_batch(count, tags=["MICE"])
    EventFactory.create_batch(count, tags=["MICE"])
    VenueFactory.create_batch(count, tags=["MICE"])
    AmbassadorFactory.create_batch(count, tags=["MICE"])


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", ["", "?kind=venue", "?kind=ambassador"])
def test_queries_do_not_grow_with_items(client, query):
    make_items(1)
    one_each = queries(client, f"/en/tags/mice/{query}")
    make_items(9)

    ten_each = queries(client, f"/en/tags/mice/{query}")

    # The page cache's two reads, the tag, its counts, then items and card
    # prefetches.
    assert one_each == ten_each <= 11


def test_tag_page_links_its_counterpart_in_the_other_language(admin_client, client):
    ArticleFactory(title="Roadshow news", tags=["MICE"])
    ArticleFactory(title="路演新闻", language="zh-hans", tags=["会展"])
    mice, huizhan = Tag.objects.get(name="MICE"), Tag.objects.get(name="会展")
    form = {"name": "MICE", "slug": "mice", "counterpart": huizhan.pk}
    admin_client.post(f"/admin/hangzhou_mice/tag/{mice.pk}/change/", form)

    english = page(client, "/en/tags/mice/")[1]
    chinese = page(client, "/zh-hans/tags/会展/")[1]

    huizhan_link = 'href="/zh-hans/tags/%E4%BC%9A%E5%B1%95/" lang="zh-Hans">会展</a>'
    assert f'class="counterpart" {huizhan_link}' in english
    assert 'class="counterpart" href="/en/tags/mice/" lang="en">MICE</a>' in chinese


def test_no_link_to_a_counterpart_nothing_in_its_language_uses(client):
    ArticleFactory(title="路演新闻", language="zh-hans", tags=["会展"])
    ArticleFactory(title="Draft news", status="draft", tags=["MICE"])
    Tag.objects.filter(name="会展").update(counterpart=Tag.objects.get(name="MICE"))

    chinese = page(client, "/zh-hans/tags/会展/")[1]

    assert client.get("/en/tags/mice/").status_code == 404
    assert "/en/tags/mice/" not in chinese


def pair(english, chinese):
    tag = Tag.objects.get_or_create(name=english)[0]
    tag.counterpart = Tag.objects.get_or_create(name=chinese)[0]
    tag.save()
    tag_pair(tag=tag)


def counts(response):
    return {s["kind"].key: s["count"] for s in response.context["sections"]}


def test_tag_page_lists_what_its_counterpart_tags_too(client):
    EventFactory(title="Beijing roadshow", tags=["MICE"])
    EventFactory(title="Shanghai roadshow", tags=["MICE", "会展"])
    ArticleFactory(title="会展新闻", language="zh-hans", tags=["MICE"])
    ArticleFactory(title="路演新闻", language="zh-hans", tags=["会展"])
    ArticleFactory(title="English news", tags=["会展"])
    pair("MICE", "会展")

    chinese = client.get("/zh-hans/tags/会展/")
    english = client.get("/en/tags/mice/")

    body = chinese.content.decode()
    for title in ("Beijing roadshow", "Shanghai roadshow", "会展新闻", "路演新闻"):
        assert title in body
    assert "English news" not in body
    # The event tagged with both counts once.
    assert counts(chinese) == {"article": 2, "event": 2}
    assert counts(english) == {"article": 1, "event": 2}


SWITCH = re.compile(r'<nav class="language-switch".*?</nav>', re.S)


@pytest.mark.parametrize(
    ("url", "other"),
    [
        ("/zh-hans/tags/路演/", "/en/tags/roadshow/"),
        ("/en/tags/roadshow/", "/zh-hans/tags/%E8%B7%AF%E6%BC%94/"),
    ],
)
def test_switch_and_hreflang_lead_to_the_counterparts_page(client, url, other):
    ArticleFactory(title="路演新闻", language="zh-hans", tags=["路演"])
    EventFactory(title="Beijing roadshow", tags=["roadshow"])
    pair("roadshow", "路演")

    status, body = page(client, url)

    assert status == 200
    switch = f'<a href="/language/{other.split("/")[1]}/?next={quote(other)}" hreflang='
    assert switch in SWITCH.search(body).group()
    assert f'hreflang="{other.split("/")[1].replace("zh-hans", "zh-Hans")}" ' in body
    assert f'href="http://testserver{other}">' in body
    assert f'<a class="counterpart" href="{other}"' in body


def test_other_languages_tag_shows_its_counterparts_page(client):
    EventFactory(title="Beijing roadshow", tags=["MICE"])
    pair("MICE", "会展")

    status, body = page(client, "/zh-hans/tags/mice/")

    assert status == 200 and "Beijing roadshow" in body
    assert "<h1>会展</h1>" in body
    canonical = "http://testserver/zh-hans/tags/%E4%BC%9A%E5%B1%95/"
    assert f'<link rel="canonical" href="{canonical}">' in body
    assert '<a class="counterpart" href="/en/tags/mice/" lang="en">MICE</a>' in body


def test_tag_with_no_name_in_the_page_language_is_marked(client):
    EventFactory(title="Beijing roadshow", tags=["innovation"])

    status, body = page(client, "/zh-hans/tags/innovation/")

    assert status == 200 and '<h1 lang="en">innovation</h1>' in body
    assert 'class="counterpart"' not in body


def test_a_topic_with_more_than_it_lists_says_so_and_pages_no_further(
    client, topic_lists
):
    topic_lists(3)
    ArticleFactory.create_batch(5, tags=["MICE"])

    _, overview = page(client)
    status, last = page(client, "/en/tags/mice/?kind=article&page=last")

    assert "Articles (3+)" in overview and "See the first 3" in overview
    assert status == 200 and last.count('<article class="card">') == 3
    assert "Only the first 3 are listed here." in last
    assert 'href="/en/search/?tag=mice"' in last
    # Counting stops after the first item past the listed ones.
    query, names = views.counts_query(1)
    assert query.sql.count("LIMIT 4") == len(names)


def test_a_topic_counts_an_article_once_its_time_comes(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC))
    ArticleFactory(tags=["MICE"])
    later = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    ArticleFactory(tags=["MICE"], published_at=later)
    views.counts_query.cache_clear()
    page(client)  # the query is built before the moment

    time_machine.move_to(later + datetime.timedelta(minutes=1))
    response = client.get("/en/tags/mice/")

    assert counts(response) == {"article": 2}
