"""Articles are rows per language, linked by a translation key."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import article_translate
from articles.similar import similar_articles
from hangzhou_mice.models import Language, Status, Tag
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
        'href="/language/zh-hans/?next=/zh-hans/articles/hangzhou-plus-zh/" '
        'hreflang="zh-Hans"' in english_page
    )
    assert (
        'hreflang="zh-Hans" href="http://testserver/zh-hans/articles/hangzhou-plus-zh/"'
        in english_page
    )
    assert (
        'href="/language/en/?next=/en/articles/hangzhou-plus/" hreflang="en"'
        in chinese_page
    )
    assert (
        'href="/language/zh-hans/?next=/zh-hans/articles/" hreflang="zh-Hans"'
        in alone_page
    )
    assert 'hreflang="zh-Hans" href="http://testserver' not in alone_page


def test_unpublished_translation_is_not_offered(client):
    article = ArticleFactory(slug="hangzhou-plus")
    translation_of(article, slug="draft-zh", status=Status.DRAFT)

    body = client.get(article.get_absolute_url()).content.decode()

    assert "draft-zh" not in body
    assert 'href="/language/zh-hans/?next=/zh-hans/articles/" hreflang=' in body


def translate_url(article, language=ZH):
    return reverse("admin:articles_article_translate", args=[article.pk, language])


def test_translate_opens_an_empty_form_with_the_source_beside(admin_client):
    mice = Tag.objects.create(name="MICE")
    mice.counterpart = Tag.objects.create(name="会展", counterpart=mice)
    mice.save()
    article = ArticleFactory(
        title="Hangzhou PLUS", summary="Sixty associations.", tags=["MICE", "roadshow"]
    )

    response = admin_client.get(translate_url(article))

    form = response.context["adminform"].form
    body = response.content.decode()
    assert not Article.objects.filter(language=ZH).exists()
    assert form["title"].value() is None and form["summary"].value() is None
    assert not form["slug"].value() and not form["body"].value()
    assert sorted(tag.name for tag in form["tags"].value()) == ["roadshow", "会展"]
    assert '<div lang="en">Hangzhou PLUS</div>' in body
    assert '<div lang="en">Sixty associations.</div>' in body


def test_translation_is_stored_on_saving_with_the_key_and_the_tags(admin_client):
    article = ArticleFactory(title="Hangzhou PLUS Roadshow", tags=["MICE"])
    fields = {"title": "杭州PLUS路演", "summary": "六十家协会。", "body": "<p>正文</p>"}

    response = admin_client.post(
        translate_url(article),
        fields | {"slug": "", "tags": "MICE", "status": Status.DRAFT, "byline": ""},
    )

    draft = Article.objects.get(language=ZH)
    assert response.status_code == 302
    assert draft.translation_key == article.translation_key
    assert draft.status == Status.DRAFT and draft.title == "杭州PLUS路演"
    assert draft.slug == "hangzhou-plus-roadshow"
    assert list(draft.tags.names()) == ["MICE"]


def test_translation_into_a_taken_slug_is_refused_in_the_form(admin_client):
    article = ArticleFactory()
    ArticleFactory(language=ZH, slug="taken")

    response = admin_client.post(
        translate_url(article),
        {"title": "标题", "slug": "taken", "summary": "摘要", "body": "<p>正文</p>"}
        | {"tags": "", "status": Status.DRAFT, "byline": ""},
    )

    assert response.status_code == 200
    assert "An article in this language has this slug already." in (
        response.content.decode()
    )
    assert Article.objects.filter(language=ZH).count() == 1


def test_translate_service_stores_a_draft_with_the_topics(admin_user):
    mice = Tag.objects.create(name="MICE")
    Tag.objects.create(name="会展", counterpart=mice)
    mice.counterpart = Tag.objects.get(name="会展")
    mice.save()
    article = ArticleFactory(title="Green Meetings", tags=["MICE"])

    draft = article_translate(
        article=article,
        language=ZH,
        user=admin_user,
        title="绿色会议",
        summary="摘要",
        body="<p>正文</p>",
    )

    assert (draft.status, draft.slug, list(draft.tags.names())) == (
        Status.DRAFT,
        "green-meetings",
        ["会展"],
    )
    assert (
        article_translate(
            article=article, language=ZH, user=None, title="x", summary="x", body="x"
        )
        == draft
    )


def test_translate_opens_the_translation_there_is(admin_client):
    article = ArticleFactory()
    chinese = translation_of(article, status=Status.DRAFT)

    response = admin_client.get(translate_url(article))

    assert response["Location"] == reverse(
        "admin:articles_article_change", args=[chinese.pk]
    )


def test_article_list_in_the_admin_shows_the_other_languages(admin_client):
    article = ArticleFactory(title="Hangzhou PLUS")
    translation_of(article, title="杭州PLUS", status=Status.DRAFT)

    body = admin_client.get(reverse("admin:articles_article_changelist")).content

    assert "Simplified Chinese</a> (Draft)" in body.decode()


def test_translate_needs_the_add_permission(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)

    response = client.get(translate_url(ArticleFactory()))

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("language", "url", "message"),
    [
        ("en", "/zh-hans/articles/green/", "本文仅有英文版"),
        (ZH, "/en/articles/green/", "This article is only in Chinese"),
    ],
)
def test_address_in_the_other_language_says_where_the_article_is(
    client, language, url, message
):
    ArticleFactory(title="Green Meetings", slug="green", language=language)

    response = client.get(url)

    body = response.content.decode()
    lang = "en" if language == "en" else "zh-Hans"
    assert response.status_code == 404
    assert message in body
    assert f'<div lang="{lang}">' in body
    assert (
        f'href="/{language}/articles/green/" hreflang="{lang}">Green Meetings</a>'
        in (body)
    )


def test_address_in_the_other_language_leads_to_the_translation(client):
    article = ArticleFactory(slug="green")
    translation_of(article, slug="lv-se")
    draft = ArticleFactory(slug="draft", language=ZH, status=Status.DRAFT)

    response = client.get("/zh-hans/articles/green/")

    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/articles/lv-se/"
    hidden = client.get(f"/en/articles/{draft.slug}/")
    assert hidden.status_code == 404 and "only in" not in hidden.content.decode()
