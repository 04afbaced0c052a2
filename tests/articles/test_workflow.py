import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from hangzhou_mice.models import Status
from tests.factories import ArticleFactory, make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("ed", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def article_form(**overrides):
    return {
        "title": "Hangzhou PLUS",
        "slug": "hangzhou-plus",
        "language": "en",
        "summary": "The roadshow.",
        "body": "<p>Sixty associations.</p>",
        "tags": "MICE",
        "status": Status.DRAFT,
        "hero_caption": "",
        "byline": "",
    } | overrides


def test_staff_preview_shows_a_draft_with_a_banner(client, editor):
    draft = ArticleFactory(draft=True, title="Unannounced congress")
    client.force_login(editor)

    response = client.get(draft.get_preview_url())

    body = response.content.decode()
    assert response.status_code == 200
    assert "Unannounced congress" in body
    assert 'class="preview-banner"' in body
    assert "Draft: visitors cannot see this article." in body
    assert '<meta name="robots" content="noindex">' in body


def test_preview_is_404_for_visitors_and_staff_without_access(
    client, django_user_model, staff_member
):
    draft = ArticleFactory(draft=True)
    assert client.get(draft.get_preview_url()).status_code == 404

    client.force_login(django_user_model.objects.create_user("visitor"))
    assert client.get(draft.get_preview_url()).status_code == 404

    staff_member("Event staff")
    assert client.get(draft.get_preview_url()).status_code == 404


def test_admin_view_on_site_points_drafts_to_the_preview(admin_client):
    draft = ArticleFactory(draft=True)

    body = admin_client.get(
        reverse("admin:articles_article_change", args=[draft.pk])
    ).content.decode()

    assert draft.get_preview_url() in body


def test_publishing_with_an_image_without_alt_text_is_refused(admin_client):
    image = make_image(alt_text="")

    response = admin_client.post(
        reverse("admin:articles_article_add"),
        article_form(status=Status.PUBLISHED, hero_image=image.pk),
    )

    assert response.status_code == 200
    assert "Give this image alt text" in response.content.decode()
    assert not Article.objects.exists()


def test_draft_may_use_an_image_without_alt_text(admin_client):
    image = make_image(alt_text="")

    response = admin_client.post(
        reverse("admin:articles_article_add"), article_form(hero_image=image.pk)
    )

    assert response.status_code == 302
    assert Article.objects.get().hero_image == image


def test_publish_action_skips_articles_whose_image_lacks_alt_text(admin_client):
    ready = ArticleFactory(draft=True, hero_image=make_image())
    blind = ArticleFactory(
        draft=True, title="No alt", hero_image=make_image(alt_text="")
    )

    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [ready.pk, blind.pk]},
        follow=True,
    )

    body = response.content.decode()
    assert "1 article published." in body
    assert "No alt" in body
    ready.refresh_from_db()
    blind.refresh_from_db()
    assert (ready.status, blind.status) == (Status.PUBLISHED, Status.DRAFT)


def test_article_with_hero_image_renders_responsive_picture(client):
    article = ArticleFactory(hero_image=make_image(width=1000, height=500))

    body = client.get(article.get_absolute_url()).content.decode()

    assert 'srcset="/media/renditions/' in body
    assert 'sizes="(max-width: 48rem) 100vw, 44rem"' in body
    assert 'width="1000" height="500"' in body
    assert 'loading="lazy"' in body
    assert 'alt="Delegates in a conference hall"' in body
