"""Search engines find every public item in both languages, and shares look right."""

import datetime
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bureau import privacy
from hangzhou_mice.models import Language, Tag
from hangzhou_mice.services import tag_pair
from tests.factories import (
    AmbassadorFactory,
    ArticleFactory,
    EventFactory,
    VenueFactory,
    make_image,
)

pytestmark = pytest.mark.django_db
HOST = "http://testserver"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return response.content.decode()


def test_sitemap_lists_every_public_item_with_its_alternates(client):
    EventFactory(slug="beijing-roadshow")
    VenueFactory(slug="lakeside-hotel")
    AmbassadorFactory(slug="tian-mei")
    EventFactory(slug="draft-event", draft=True)

    body = sitemap(client)

    for path in ("events/beijing-roadshow/", "venues/lakeside-hotel/"):
        for language in ("en", "zh-hans"):
            assert f"<loc>{HOST}/{language}/{path}</loc>" in body
        assert (
            f'<xhtml:link rel="alternate" hreflang="zh-hans" '
            f'href="{HOST}/zh-hans/{path}"/>' in body
        )
    assert f"<loc>{HOST}/zh-hans/ambassadors/tian-mei/</loc>" in body
    assert "draft-event" not in body


def test_sitemap_offers_articles_in_the_languages_they_exist_in(client):
    article = ArticleFactory(slug="hangzhou-plus")
    ArticleFactory(
        slug="hangzhou-plus-zh",
        language=Language.CHINESE,
        translation_key=article.translation_key,
    )
    ArticleFactory(slug="english-only")
    ArticleFactory(slug="draft-article", draft=True)

    body = sitemap(client)

    assert f"<loc>{HOST}/en/articles/hangzhou-plus/</loc>" in body
    assert f"<loc>{HOST}/zh-hans/articles/hangzhou-plus-zh/</loc>" in body
    assert f'href="{HOST}/zh-hans/articles/hangzhou-plus-zh/"' in body
    assert f"<loc>{HOST}/en/articles/english-only/</loc>" in body
    assert "/zh-hans/articles/english-only/" not in body
    assert "draft-article" not in body


def test_robots_txt_points_at_the_sitemap_and_keeps_staff_pages_out(client):
    body = client.get("/robots.txt").content.decode()

    assert f"Sitemap: {HOST}/sitemap.xml" in body
    assert "Disallow: /admin/" in body
    assert "Disallow: /*/preview/" in body


def test_article_page_carries_opengraph_for_sharing(client):
    article = ArticleFactory(
        title="Hangzhou PLUS",
        summary="The roadshow.",
        hero_image=make_image(width=1200, height=630),
    )

    body = client.get(article.get_absolute_url()).content.decode()

    assert '<meta property="og:title" content="Hangzhou PLUS">' in body
    assert '<meta property="og:description" content="The roadshow.">' in body
    assert '<meta property="og:locale" content="en_US">' in body
    assert f'<meta property="og:image" content="{HOST}/media/renditions/' in body
    assert '<meta name="twitter:card" content="summary_large_image">' in body


def test_chinese_event_page_names_english_as_alternate_locale(client):
    event = EventFactory(slug="beijing-roadshow")

    body = client.get(f"/zh-hans/events/{event.slug}/").content.decode()

    assert '<meta property="og:locale" content="zh_CN">' in body
    assert '<meta property="og:locale:alternate" content="en_US">' in body


def entries(body):
    """{loc: (lastmod or None, {hreflang: href})} of a sitemap."""
    root = ElementTree.fromstring(body)  # noqa: S314 (our own sitemap)
    found = {}
    for url in root.iter(f"{{{SITEMAP}}}url"):
        lastmod = url.find(f"{{{SITEMAP}}}lastmod")
        found[url.find(f"{{{SITEMAP}}}loc").text] = (
            lastmod.text if lastmod is not None else None,
            {
                link.get("hreflang"): link.get("href")
                for link in url.iter(f"{{{XHTML}}}link")
            },
        )
    return found


def noon(month, day):
    """Noon in Hangzhou, so that the date is the same in UTC."""
    return datetime.datetime(2026, month, day, 4, tzinfo=datetime.UTC)


def test_sitemap_dates_home_and_lists_by_their_newest_item(client, time_machine):
    time_machine.move_to(noon(1, 5), tick=False)
    ArticleFactory(slug="scheduled", published_at=noon(1, 10))  # live later
    time_machine.move_to(noon(1, 20), tick=False)
    EventFactory(slug="roadshow")
    time_machine.move_to(noon(2, 1), tick=False)

    found = entries(sitemap(client))

    assert found[f"{HOST}/en/articles/scheduled/"][0] == "2026-01-10"
    for language in ("en", "zh-hans"):
        home = found[f"{HOST}/{language}/"]
        assert home == (
            "2026-01-20",
            {"en": f"{HOST}/en/", "zh-hans": f"{HOST}/zh-hans/"},
        )
        assert found[f"{HOST}/{language}/events/"][0] == "2026-01-20"
        assert found[f"{HOST}/{language}/privacy/"][0] == str(privacy.DATE)
        for page in ("venues/", "ambassadors/", "meet/"):
            assert found[f"{HOST}/{language}/{page}"][0] is None
    assert found[f"{HOST}/en/articles/"][0] == "2026-01-10"
    assert found[f"{HOST}/zh-hans/articles/"][0] is None  # no Chinese articles


def test_sitemap_lists_each_topics_page_in_the_languages_it_has_items(client):
    ArticleFactory(tags=["MICE", "Secret"])
    ArticleFactory(language=Language.CHINESE, tags=["会展", "西湖"])
    EventFactory(tags=["innovation", "roadshow"])
    ArticleFactory(tags=["Secret"], draft=True)
    Tag.objects.create(name="Unused")
    for english, chinese in (("MICE", "会展"), ("roadshow", "路演")):
        tag = Tag.objects.get(name=english)
        tag.counterpart = Tag.objects.get_or_create(name=chinese)[0]
        tag.save()
        tag_pair(tag=tag)

    found = entries(sitemap(client))
    tags = {loc for loc in found if "/tags/" in loc}

    huizhan = f"{HOST}/zh-hans/tags/%E4%BC%9A%E5%B1%95/"
    assert tags == {
        f"{HOST}/en/tags/mice/",
        huizhan,
        f"{HOST}/en/tags/secret/",
        f"{HOST}/zh-hans/tags/%E8%A5%BF%E6%B9%96/",
        f"{HOST}/en/tags/innovation/",
        f"{HOST}/zh-hans/tags/innovation/",
        # The event speaks both languages: its topic, under each one's name.
        f"{HOST}/en/tags/roadshow/",
        f"{HOST}/zh-hans/tags/%E8%B7%AF%E6%BC%94/",
    }
    assert found[huizhan][1] == {"en": f"{HOST}/en/tags/mice/", "zh-hans": huizhan}
    assert found[f"{HOST}/en/tags/secret/"][1] == {"en": f"{HOST}/en/tags/secret/"}


def test_sitemap_queries_do_not_grow_with_items_or_tags(
    client, django_assert_max_num_queries
):
    ArticleFactory(tags=["MICE"])
    with CaptureQueriesContext(connection) as few:
        sitemap(client)
    for number in range(5):
        ArticleFactory(tags=[f"topic {number}", "MICE"])
        ArticleFactory(language=Language.CHINESE, tags=[f"话题{number}"])
        EventFactory(tags=[f"topic {number}", "roadshow"])
        VenueFactory(tags=[f"place {number}"])
        AmbassadorFactory(tags=[f"field {number}"])

    with django_assert_max_num_queries(len(few)):
        sitemap(client)
