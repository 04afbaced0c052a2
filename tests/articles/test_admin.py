import pytest
from django.urls import reverse

from articles.models import Article
from hangzhou_mice.models import Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def act(client, action, articles):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [a.pk for a in articles]},
        follow=True,
    )


def test_editor_creates_article_with_tags(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Hangzhou PLUS",
            "slug": "hangzhou-plus",
            "summary": "The roadshow.",
            "body": "Sixty associations.",
            "tags": "MICE, 会展",
            "status": Status.PUBLISHED,
            "byline": "",
        },
    )

    assert response.status_code == 302
    article = Article.objects.get(slug="hangzhou-plus")
    assert sorted(t.name for t in article.tags.all()) == ["MICE", "会展"]
    assert article.author == admin_user
    assert article.published_at is not None


def test_publish_action_keeps_scheduled_dates(admin_client):
    draft = ArticleFactory(draft=True, published_at=None)
    scheduled = ArticleFactory(draft=True)
    planned = scheduled.published_at

    response = act(admin_client, "publish", [draft, scheduled])

    assert "2 articles published." in response.content.decode()
    draft.refresh_from_db()
    scheduled.refresh_from_db()
    assert draft.status == scheduled.status == Status.PUBLISHED
    assert draft.published_at is not None
    assert scheduled.published_at == planned


def test_unpublish_action_hides_articles(admin_client, client):
    article = ArticleFactory()

    act(admin_client, "unpublish", [article])

    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert client.get(article.get_absolute_url()).status_code == 404


def test_changelist_queries_do_not_grow(admin_client, django_assert_max_num_queries):
    ArticleFactory.create_batch(30, tags=["MICE", "Hangzhou"])

    with django_assert_max_num_queries(12):
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "MICE, Hangzhou" in response.content.decode() or "Hangzhou, MICE" in (
        response.content.decode()
    )


def test_changelist_filters_by_status_and_searches_body(admin_client):
    ArticleFactory(title="Roadshow", body="Beijing associations")
    ArticleFactory(title="Other", draft=True)

    found = admin_client.get(CHANGELIST, {"q": "beijing"}).context["cl"].result_list
    drafts = (
        admin_client.get(CHANGELIST, {"status__exact": "draft"})
        .context["cl"]
        .result_list
    )

    assert [a.title for a in found] == ["Roadshow"]
    assert [a.title for a in drafts] == ["Other"]
