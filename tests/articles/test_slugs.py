"""Articles get short Latin slugs; addresses they had redirect (301)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from articles.models import Article, OldSlug
from hangzhou_mice.models import Language, Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
ZH = Language.CHINESE
ADD = reverse("admin:articles_article_add")


def add_form(**fields):
    return {
        "title": "杭州国际会展论坛",
        "slug": "",
        "language": ZH,
        "summary": "摘要",
        "body": "<p>正文</p>",
        "tags": "",
        "status": Status.PUBLISHED,
        "byline": "",
    } | fields


def test_chinese_title_gets_a_pinyin_slug():
    article = ArticleFactory(title="杭州国际会展论坛", slug="", language=ZH)

    assert article.slug == "hang-zhou-guo-ji-hui-zhan-lun-tan"


def test_chinese_translation_takes_the_english_title():
    english = ArticleFactory(title="Hangzhou PLUS Roadshow", slug="roadshow")
    chinese = ArticleFactory(
        title="杭州PLUS路演",
        slug="",
        language=ZH,
        translation_key=english.translation_key,
    )

    assert chinese.slug == "hangzhou-plus-roadshow"


def test_slug_is_numbered_when_taken_in_its_language_only():
    ArticleFactory(title="会展", slug="hui-zhan", language=ZH)
    ArticleFactory(title="Feed", slug="hui-zhan")

    assert ArticleFactory(title="会展", slug="", language=ZH).slug == "hui-zhan-2"
    assert ArticleFactory(title="Hui zhan", slug="").slug == "hui-zhan-2"
    assert ArticleFactory(title="Feed", slug="").slug == "feed-2"  # reserved


def test_admin_fills_the_slug_the_script_left_empty(admin_client):
    response = admin_client.post(ADD, add_form())

    assert response.status_code == 302
    assert Article.objects.get().slug == "hang-zhou-guo-ji-hui-zhan-lun-tan"


@pytest.mark.parametrize(
    ("slug", "saved"),
    [("2026mice", "2026-hang-zhou-mice-lun-tan"), ("mice-forum", "mice-forum")],
)
def test_admin_replaces_what_the_script_kept_of_a_chinese_title(
    admin_client, slug, saved
):
    # The admin's script drops Han characters: "2026mice"; typed is kept.
    admin_client.post(ADD, add_form(title="2026杭州MICE论坛", slug=slug))

    assert Article.objects.get().slug == saved


def test_slug_in_han_characters_is_refused(admin_client):
    response = admin_client.post(ADD, add_form(slug="会展"))

    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_old_slug_redirects_permanently_in_its_language(client):
    article = ArticleFactory(title="会展", slug="hui-zhan", language=ZH)
    article.old_slugs.create(slug="会展")
    ArticleFactory(slug="english-only")

    response = client.get("/zh-hans/articles/%E4%BC%9A%E5%B1%95/")

    assert response.status_code == 301
    assert response["Location"] == "/zh-hans/articles/hui-zhan/"
    assert client.get("/en/articles/%E4%BC%9A%E5%B1%95/").status_code == 404


def test_editor_changing_a_published_slug_keeps_the_old_address(admin_client):
    published = ArticleFactory(slug="old-news")
    draft = ArticleFactory(slug="draft-news", status=Status.DRAFT)

    for article, slug in ((published, "new-news"), (draft, "new-draft")):
        admin_client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            add_form(
                title=article.title,
                slug=slug,
                language="en",
                status=article.status,
                published_at_0="",
            )
            | published_at(article),
        )

    assert [o.slug for o in published.old_slugs.all()] == ["old-news"]
    assert not draft.old_slugs.exists()
    assert admin_client.get("/en/articles/old-news/")["Location"] == (
        "/en/articles/new-news/"
    )


def published_at(article):
    if article.published_at is None:
        return {}
    local = article.published_at.astimezone()
    return {
        "published_at_0": local.strftime("%Y-%m-%d"),
        "published_at_1": local.strftime("%H:%M:%S"),
    }


# The page cache's two reads, the article, its tags, its similar articles, the bureau
# and its pages in the navigation: old slugs are looked up only when no
# article has the slug.
BASELINE = 7


def test_article_page_costs_no_more_queries_for_old_slugs(
    client, django_assert_max_num_queries
):
    article = ArticleFactory(tags=["MICE"])
    article.old_slugs.create(slug="earlier")
    ArticleFactory(tags=["MICE"])
    cache.clear()

    with django_assert_max_num_queries(BASELINE):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200


def test_migration_gives_han_slugs_latin_ones_and_keeps_them():
    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0002_old_slugs")])
    apps = executor.loader.project_state([("articles", "0002_old_slugs")]).apps
    OldArticle = apps.get_model("articles", "Article")
    english = OldArticle.objects.create(
        language="en", title="Green Meetings", slug="green-meetings", summary="s"
    )
    fields = {"language": ZH, "summary": "s", "body": ""}
    OldArticle.objects.create(
        title="绿色会议",
        slug="绿色会议",
        translation_key=english.translation_key,
        **fields,
    )
    OldArticle.objects.create(title="会展", slug="会展", **fields)
    OldArticle.objects.create(title="会展", slug="会展-2", **fields)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = dict(OldSlug.objects.values_list("slug", "article__slug"))
    assert moved == {
        "绿色会议": "green-meetings",
        "会展": "hui-zhan",
        "会展-2": "hui-zhan-2",
    }
    assert Article.objects.get(language="en").slug == "green-meetings"
