import urllib.parse
from html import unescape

import feedparser
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hangzhou_mice.models import Tag
from tests.factories import ArticleFactory, make_image

pytestmark = pytest.mark.django_db


def test_article_list_is_newest_first_and_paginated(client):
    articles = ArticleFactory.create_batch(12)

    first = client.get("/en/articles/")
    second = client.get("/en/articles/?page=2")

    assert [a.pk for a in first.context["article_list"]] == [
        a.pk for a in reversed(articles[2:])
    ]
    assert [a.pk for a in second.context["article_list"]] == [
        articles[1].pk,
        articles[0].pk,
    ]
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5", "%00"])
def test_bad_page_numbers_are_404_not_500(client, page):
    ArticleFactory.create_batch(3)

    assert client.get(f"/en/articles/?page={page}").status_code == 404
    ArticleFactory(tags=["mice"])
    assert client.get("/en/tags/mice/").status_code == 200
    assert client.get(f"/en/tags/mice/?page={page}").status_code == 404


def test_last_page_keyword_works(client):
    ArticleFactory.create_batch(11)

    response = client.get("/en/articles/?page=last")

    assert response.status_code == 200
    assert len(response.context["article_list"]) == 1


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_list_queries_do_not_grow_with_articles(
    client, django_assert_num_queries, language
):
    ArticleFactory.create_batch(25, tags=["MICE", "Hangzhou"], language=language)

    # Each page also reads the bureau's record and menu, for its footer,
    # and makes the page cache's two reads (the change count before, the
    # page's state after).
    with django_assert_num_queries(5):  # count, page
        client.get(f"/{language}/articles/")
    with django_assert_num_queries(6):  # tag, its counts, page
        client.get(f"/{language}/tags/mice/")
    # Articles, events, the largest rooms then their venues, ambassadors.
    with django_assert_num_queries(8):
        client.get(f"/{language}/")


def test_unknown_slugs_are_404(client):
    assert client.get("/en/articles/no-such-article/").status_code == 404
    assert client.get("/en/tags/no-such-tag/").status_code == 404


def test_slug_in_other_case_redirects_to_canonical_url(client):
    article = ArticleFactory(title="Hangzhou PLUS")

    response = client.get("/en/articles/Hangzhou-PLUS/")

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_missing_trailing_slash_redirects(client):
    article = ArticleFactory(title="Hangzhou PLUS")

    response = client.get("/en/articles/hangzhou-plus")

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_chinese_tag_gets_a_working_url(client):
    ArticleFactory(title="会展之都", tags=["会展", "杭州"])

    url = reverse("hangzhou_mice:tag_detail", kwargs={"slug": "会展"})
    response = client.get(url)

    assert urllib.parse.unquote(url) == "/en/tags/会展/"
    assert response.status_code == 200
    assert "会展之都" in response.content.decode()


def test_chinese_slug_article_is_reachable_and_linked_from_tags(client):
    article = ArticleFactory(title="杭州会展", tags=["会展"])

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    tag_url = reverse("hangzhou_mice:tag_detail", args=["会展"])
    assert tag_url in response.content.decode()


def test_tag_slug_in_other_case_redirects(client):
    ArticleFactory(tags=["MICE"])

    response = client.get("/en/tags/MICE/")

    assert response.status_code == 301
    assert response["Location"] == "/en/tags/mice/"


def test_feed_lists_latest_published_articles(client):
    ArticleFactory(title="Old news")
    ArticleFactory(title="Fresh news", summary="Read all about it.")
    ArticleFactory(title="Draft news", draft=True)

    response = client.get("/en/articles/feed/")
    feed = feedparser.parse(response.content)

    assert response["Content-Type"].startswith("application/rss+xml")
    assert [entry.title for entry in feed.entries] == ["Fresh news", "Old news"]
    assert feed.entries[0].summary == "Read all about it."
    assert feed.entries[0].link.endswith("/en/articles/fresh-news/")


def test_feed_descriptions_are_plain_text(client):
    ArticleFactory(summary="<p>Hangzhou <b>R&amp;D</b> week &ndash; R&D, 5 < 6</p>")

    response = client.get("/en/articles/feed/")
    feed = feedparser.parse(response.content)

    description = response.content.decode().split("<description>")[2]
    expected = "Hangzhou R&amp;D week – R&amp;D, 5 &lt; 6</description>"
    assert description.startswith(expected)
    # feedparser hands the description over as HTML, as a reader shows it.
    assert unescape(feed.entries[0].summary) == "Hangzhou R&D week – R&D, 5 < 6"


def test_pages_have_their_own_title_and_description(client):
    article = ArticleFactory(title="Hangzhou PLUS", summary="Sixty associations.")

    body = client.get(article.get_absolute_url()).content.decode()

    assert "<title>Hangzhou PLUS · Hangzhou MICE</title>" in body
    assert '<meta name="description" content="Sixty associations.">' in body


def test_feed_items_carry_their_tags_and_hero_image(client, settings):
    settings.ALLOWED_HOSTS = ["mice.example"]
    chinese = Tag.objects.create(name="会展")
    chinese.counterpart = Tag.objects.create(name="MICE", counterpart=chinese)
    chinese.save()
    ArticleFactory(title="Pictured", hero_image=make_image(), tags=["会展", "Roadshow"])
    ArticleFactory(title="Plain")

    response = client.get("/en/articles/feed/", headers={"host": "mice.example"})
    entries = {
        entry.title: entry for entry in feedparser.parse(response.content).entries
    }
    pictured, plain = entries["Pictured"], entries["Plain"]

    assert sorted(tag.term for tag in pictured.tags) == ["MICE", "Roadshow"]
    [enclosure] = pictured.enclosures
    assert enclosure.href.startswith("http://mice.example/media/")
    assert (enclosure.type, int(enclosure.length) > 0) == ("image/jpeg", True)
    assert (plain.get("tags"), plain.enclosures) == (None, [])


def test_the_feed_asks_the_same_queries_for_one_article_or_many(client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get("/en/articles/feed/")
        return len(captured.captured_queries)

    chinese = Tag.objects.create(name="会展")
    chinese.counterpart = Tag.objects.create(name="MICE", counterpart=chinese)
    chinese.save()
    ArticleFactory(hero_image=make_image(), tags=["会展", "Roadshow"])
    one = queries()
    for _ in range(3):
        ArticleFactory(hero_image=make_image(), tags=["会展", "Congress"])

    assert queries() == one


def test_news_cards_show_the_hero_image_in_the_same_queries(
    client, django_capture_on_commit_callbacks
):
    def visit(url):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            body = client.get(url).content.decode()
        return body, len(captured.captured_queries)

    with django_capture_on_commit_callbacks(execute=True):  # Similar Articles
        neighbour = ArticleFactory(title="Neighbour", tags=["MICE"])
        ArticleFactory(title="Pictured", hero_image=make_image(), tags=["MICE"])
    urls = ["/en/articles/", "/en/", neighbour.get_absolute_url()]
    before = {url: visit(url) for url in urls}
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            ArticleFactory(hero_image=make_image(), tags=["MICE"])

    for url in urls:
        body, queries = before[url]
        card = body.split(">Pictured</a>")[0].rsplit('<article class="card">', 1)[1]
        assert "<picture>" in card, url
        assert visit(url)[1] == queries, url
