"""Articles are rows per language, linked by a translation key."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.similar import similar_articles
from hangzhou_mice.models import Language, Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
ZH = Language.CHINESE


def translation_of(article, **fields):
    return ArticleFactory(
        language=ZH, translation_key=article.translation_key, **fields
    )


def test_english_only_article_is_absent_from_chinese_pages(client):
    english = ArticleFactory(title="English only", slug="english-only", tags=["MICE"])
    ArticleFactory(title="中文文章", language=ZH, tags=["会展"])

    for url in ("/zh-hans/", "/zh-hans/articles/", "/zh-hans/articles/feed/"):
        body = client.get(url).content.decode()
        assert "English only" not in body and "中文文章" in body, url
    assert client.get("/zh-hans/tags/mice/").status_code == 404
    assert client.get("/zh-hans/articles/english-only/").status_code == 404
    assert "English only" in client.get(english.get_absolute_url()).content.decode()


def test_similar_articles_rank_within_the_readers_language():
    english = ArticleFactory(tags=["MICE"])
    ArticleFactory(title="English neighbour", tags=["MICE"])
    chinese = ArticleFactory(language=ZH, tags=["MICE"])
    ArticleFactory(title="中文邻居", language=ZH, tags=["MICE"])

    def titles(article):
        return [a.title for a in similar_articles(article, timezone.now())]

    assert titles(english) == ["English neighbour"]
    assert titles(chinese) == ["中文邻居"]
    assert [a.title for a in Article.objects.similar_to(chinese)] == ["中文邻居"]


def test_translations_share_a_slug_but_not_a_language():
    article = ArticleFactory(slug="hangzhou-plus")
    translation_of(article, slug="hangzhou-plus")

    with pytest.raises(Exception, match="article_one_per_language"):
        translation_of(article, slug="another-slug")


def test_switch_leads_to_the_translation_or_else_the_list(client):
    article = ArticleFactory(slug="hangzhou-plus")
    alone = ArticleFactory(slug="alone")
    chinese = translation_of(article, slug="hangzhou-plus-zh")

    english_page = client.get(article.get_absolute_url()).content.decode()
    chinese_page = client.get(chinese.get_absolute_url()).content.decode()
    alone_page = client.get(alone.get_absolute_url()).content.decode()

    assert (
        'href="/zh-hans/articles/hangzhou-plus-zh/" hreflang="zh-Hans"' in english_page
    )
    assert (
        'hreflang="zh-Hans" href="http://testserver/zh-hans/articles/hangzhou-plus-zh/"'
        in english_page
    )
    assert 'href="/en/articles/hangzhou-plus/" hreflang="en"' in chinese_page
    assert 'href="/zh-hans/articles/" hreflang="zh-Hans"' in alone_page
    assert 'hreflang="zh-Hans" href="http://testserver' not in alone_page


def test_unpublished_translation_is_not_offered(client):
    article = ArticleFactory(slug="hangzhou-plus")
    translation_of(article, slug="draft-zh", status=Status.DRAFT)

    body = client.get(article.get_absolute_url()).content.decode()

    assert "draft-zh" not in body
    assert 'href="/zh-hans/articles/" hreflang="zh-Hans"' in body


def test_translate_starts_a_prefilled_draft_with_the_tags(admin_client):
    article = ArticleFactory(title="Hangzhou PLUS", tags=["MICE", "roadshow"])
    url = reverse("admin:articles_article_translate", args=[article.pk, ZH])

    response = admin_client.post(url)

    draft = Article.objects.get(language=ZH)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:articles_article_change", args=[draft.pk]
    )
    assert draft.translation_key == article.translation_key
    assert draft.status == Status.DRAFT and draft.title == "Hangzhou PLUS"
    assert sorted(draft.tags.names()) == ["MICE", "roadshow"]
    assert admin_client.post(url)["Location"] == response["Location"]  # no second


def test_article_list_in_the_admin_shows_the_other_languages(admin_client):
    article = ArticleFactory(title="Hangzhou PLUS")
    translation_of(article, title="杭州PLUS", status=Status.DRAFT)

    body = admin_client.get(reverse("admin:articles_article_changelist")).content

    assert "Simplified Chinese</a> (Draft)" in body.decode()


def test_translate_needs_a_post(admin_client):
    article = ArticleFactory()
    url = reverse("admin:articles_article_translate", args=[article.pk, ZH])

    assert admin_client.get(url).status_code == 403
    assert not Article.objects.filter(language=ZH).exists()
