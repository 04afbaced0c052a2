import re

import pytest
from django.urls import reverse

from articles.models import Article
from hangzhou_mice.models import Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
TAG_CELL = re.compile(r'<td class="field-tag_list">([^<]*)</td>')


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
            "language": "en",
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
    # Every row lists both tags; the order of a prefetch is not defined.
    cells = TAG_CELL.findall(response.content.decode())
    assert [sorted(cell.split(", ")) for cell in cells] == [["Hangzhou", "MICE"]] * 30


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


def test_publishing_needs_change_permission(client, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_article"))
    client.force_login(viewer)
    draft = ArticleFactory(draft=True)

    act(client, "publish", [draft])

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_editor_can_choose_an_author_among_staff(client, django_user_model):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user(
        "ed", first_name="Lan", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="Editor"))
    django_user_model.objects.create_user("visitor-account")
    client.force_login(editor)

    body = client.get(reverse("admin:articles_article_add")).content.decode()

    assert '<select name="author"' in body
    assert ">ed<" in body and "visitor-account" not in body


def test_reserved_slug_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Feed",
            "slug": "feed",
            "language": "en",
            "summary": "s",
            "body": "<p>b</p>",
            "tags": "",
            "status": "draft",
        },
    )

    assert "is taken by a page of the site" in response.content.decode()
    assert not Article.objects.exists()


def test_feed_survives_control_characters(client):
    ArticleFactory(title="Page\x0cbreak", summary="From a PDF\x0b")

    response = client.get("/en/articles/feed/")

    assert response.status_code == 200
    assert b"Pagebreak" in response.content
