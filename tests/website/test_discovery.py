"""Search engines find every public item in both languages, and shares look right."""

import pytest

from hangzhou_mice.models import Language
from tests.factories import (
    AmbassadorFactory,
    ArticleFactory,
    EventFactory,
    VenueFactory,
    make_image,
)

pytestmark = pytest.mark.django_db
HOST = "http://testserver"


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
