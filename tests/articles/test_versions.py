import html
import zoneinfo

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from hangzhou_mice.models import Status, Tag
from tests.factories import ArticleFactory, EventFactory

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def form_data(**values):
    data = {
        "title": "Hangzhou PLUS",
        "slug": "hangzhou-plus",
        "language": "en",
        "summary": "The roadshow.",
        "body": "<p>First draft.</p>",
        "tags": "MICE, roadshow",
        "status": Status.DRAFT,
        "hero_caption": "",
        "byline": "",
    }
    return data | values


def posted_form(response):
    """The data a browser would send back for the change form in `response`."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if name == "published_at":
            if value:
                local = value.astimezone(SHANGHAI)
                data["published_at_0"] = local.date().isoformat()
                data["published_at_1"] = local.time().isoformat("seconds")
            continue
        formatted = field.widget.format_value(value) if value is not None else ""
        data[name] = "" if formatted is None else formatted
    return data


@pytest.fixture
def article(admin_client):
    admin_client.post(reverse("admin:articles_article_add"), form_data())
    article = Article.objects.get()
    admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        form_data(title="Hangzhou PLUS in Beijing", body="<p>Final.</p>", tags="MICE"),
    )
    return article


def versions(article):
    return list(Version.objects.get_for_object(article))  # newest first


def test_every_save_keeps_a_version(article, admin_client):
    response = admin_client.get(
        reverse("admin:articles_article_history", args=[article.pk])
    )

    assert len(versions(article)) == 2
    assert response.status_code == 200
    assert response.content.decode().count('type="radio" name="a"') == 2


def test_compare_shows_changed_fields_and_tags(article, admin_client):
    newer, older = versions(article)

    response = admin_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"a": older.pk, "b": newer.pk},
    )

    body = html.unescape(response.content.decode()).replace("\xa0", " ")
    assert response.status_code == 200
    assert "Hangzhou PLUS in Beijing" in body
    assert "<p>First" not in body  # editors compare text, not markup
    assert "First draft." in body and "Final." in body
    assert "roadshow" in body
    assert "Summary" not in body  # unchanged fields are not listed


def test_compare_with_bad_version_ids_is_404(article, admin_client):
    url = reverse("admin:articles_article_compare", args=[article.pk])

    assert admin_client.get(url, {"a": "x", "b": "1"}).status_code == 404
    assert admin_client.get(url, {"a": 999999, "b": 999998}).status_code == 404


def test_restore_an_earlier_version_with_its_tags(article, admin_client):
    older = versions(article)[1]
    url = reverse("admin:articles_article_revision", args=[article.pk, older.pk])

    shown = admin_client.get(url)
    response = admin_client.post(url, posted_form(shown))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Hangzhou PLUS"
    assert article.body == "<p>First draft.</p>"
    assert sorted(article.tags.names()) == ["MICE", "roadshow"]
    assert len(versions(article)) == 3


def test_restore_works_when_a_tag_was_deleted_since(article, admin_client):
    Tag.objects.get(name="roadshow").delete()
    older = versions(article)[1]
    url = reverse("admin:articles_article_revision", args=[article.pk, older.pk])

    shown = admin_client.get(url)
    assert shown.status_code == 200
    response = admin_client.post(url, posted_form(shown))

    assert response.status_code == 302
    assert sorted(Article.objects.get().tags.names()) == ["MICE", "roadshow"]


def test_deleted_article_can_be_recovered(article, admin_client):
    admin_client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )
    assert not Article.objects.exists()

    listing = admin_client.get(reverse("admin:articles_article_recoverlist"))
    assert "Hangzhou PLUS in Beijing" in listing.content.decode()
    version = versions(article)[0]
    url = reverse("admin:articles_article_recover", args=[version.pk])
    response = admin_client.post(url, posted_form(admin_client.get(url)))

    assert response.status_code == 302
    recovered = Article.objects.get(pk=article.pk)
    assert recovered.title == "Hangzhou PLUS in Beijing"
    assert list(recovered.tags.names()) == ["MICE"]


def test_publish_action_keeps_a_version(article, admin_client):
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
    )

    newest = versions(article)[0]
    assert newest.field_dict["status"] == Status.PUBLISHED


def test_restoring_one_article_never_reverts_another(admin_client):
    first = ArticleFactory(title="First", draft=True)
    second = ArticleFactory(title="Second", draft=True)
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [first.pk, second.pk]},
    )
    second.title = "Second, edited later"
    second.save()

    version = versions(first)[0]
    url = reverse("admin:articles_article_revision", args=[first.pk, version.pk])
    admin_client.post(url, posted_form(admin_client.get(url)))

    second.refresh_from_db()
    assert second.title == "Second, edited later"


def test_version_of_another_kind_of_item_is_404(admin_client):
    event = EventFactory()
    with reversion.create_revision():
        event.save()
    version = Version.objects.get_for_object(event).get()

    url = reverse("admin:articles_article_recover", args=[version.pk])

    assert admin_client.get(url).status_code == 404


def test_history_of_a_missing_article_is_not_a_500(admin_client):
    response = admin_client.get(
        reverse("admin:articles_article_history", args=[999999])
    )

    # The admin's answer to any missing object: back to the index, with a message.
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_restoring_a_version_that_takes_the_page_offline_warns_before_and_after(
    admin_client,
):
    admin_client.post(reverse("admin:articles_article_add"), form_data())
    article = Article.objects.get()
    url = reverse("admin:articles_article_change", args=[article.pk])
    admin_client.post(url, form_data(status=Status.PUBLISHED, body="<p>Out.</p>"))
    draft_version = versions(article)[-1]  # the first: a draft
    revert = reverse(
        "admin:articles_article_revision", args=[article.pk, draft_version.pk]
    )

    shown = admin_client.get(revert)
    saved = admin_client.post(revert, posted_form(shown), follow=True)

    assert "restoring it takes the page offline" in shown.content.decode()
    assert "Visitors no longer see this item: it is a draft now." in (
        saved.content.decode()
    )
