import pytest
from django.urls import reverse

from articles.models import Article
from hangzhou_mice.models import Tag
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:hangzhou_mice_tag_changelist")


def test_tags_are_case_insensitive():
    first = ArticleFactory(tags=["MICE"])
    second = ArticleFactory(tags=["mice", "Mice"])

    assert Tag.objects.count() == 1
    assert list(second.tags.names()) == ["MICE"]
    assert list(first.tags.names()) == ["MICE"]


def test_admin_refuses_a_tag_differing_only_in_case(admin_client):
    Tag.objects.create(name="MICE")

    response = admin_client.post(
        reverse("admin:hangzhou_mice_tag_add"), {"name": "mice", "slug": "mice-2"}
    )

    assert response.status_code == 200
    assert "A tag with this name already exists." in response.content.decode()
    assert Tag.objects.count() == 1


def test_merge_asks_which_tag_to_keep(admin_client):
    tags = [Tag.objects.create(name=n) for n in ("congress", "congresses")]

    response = admin_client.post(
        CHANGELIST,
        {"action": "merge_tags", "_selected_action": [t.pk for t in tags]},
    )

    assert response.status_code == 200
    assert "Choose the tag to keep" in response.content.decode()
    assert Tag.objects.count() == 2


def test_merge_retags_everything_and_removes_the_merged_tag(admin_client):
    only_b = ArticleFactory(tags=["congresses"])
    both = ArticleFactory(tags=["congress", "congresses"])
    only_a = ArticleFactory(tags=["congress"])
    keep, merged = Tag.objects.get(name="congress"), Tag.objects.get(name="congresses")

    response = admin_client.post(
        CHANGELIST,
        {
            "action": "merge_tags",
            "_selected_action": [keep.pk, merged.pk],
            "apply": "1",
            "target": keep.pk,
        },
        follow=True,
    )

    assert "Merged into “congress”: 2 items retagged." in response.content.decode()
    assert not Tag.objects.filter(pk=merged.pk).exists()
    for article in (only_b, both, only_a):
        assert list(article.tags.names()) == ["congress"]
    assert Article.objects.filter(tags=keep).count() == 3


def test_merge_needs_two_tags(admin_client):
    tag = Tag.objects.create(name="alone")

    response = admin_client.post(
        CHANGELIST,
        {"action": "merge_tags", "_selected_action": [tag.pk]},
        follow=True,
    )

    assert "Select at least two tags to merge." in response.content.decode()


def test_tag_of_emoji_or_punctuation_gets_a_working_page(client):
    article = ArticleFactory(tags=["🙂", "!!!"])

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    for tag in article.tags.all():
        assert tag.slug
        assert client.get(tag.get_absolute_url()).status_code == 200


def test_tag_slugs_differing_only_in_case_are_refused(admin_client):
    Tag.objects.create(name="Expo")

    response = admin_client.post(
        reverse("admin:hangzhou_mice_tag_add"), {"name": "Expos", "slug": "EXPO"}
    )

    assert "A tag with this slug already exists." in response.content.decode()


def test_chinese_commas_separate_tags(admin_client):
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "T",
            "slug": "t",
            "language": "en",
            "summary": "s",
            "body": "<p>b</p>",
            "tags": "会展，杭州、MICE",
            "status": "draft",
        },
    )

    assert response.status_code == 302
    assert sorted(Tag.objects.values_list("name", flat=True)) == [
        "MICE",
        "会展",
        "杭州",
    ]


def test_overlong_tag_is_a_form_error_not_a_500(admin_client):
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "T",
            "slug": "t",
            "language": "en",
            "summary": "s",
            "body": "<p>b</p>",
            "tags": "会" * 150,
            "status": "draft",
        },
    )

    assert response.status_code == 200
    assert "Tags are at most 100 characters" in response.content.decode()


def test_tag_used_only_by_drafts_has_no_public_page(client):
    ArticleFactory(draft=True, tags=["embargoed merger"])

    assert client.get("/en/tags/embargoed-merger/").status_code == 404


def test_merging_needs_delete_permission(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("half", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_tag", "change_tag"])
    )
    client.force_login(user)
    tags = [Tag.objects.create(name=n) for n in ("x1", "x2")]

    client.post(
        CHANGELIST,
        {
            "action": "merge_tags",
            "_selected_action": [t.pk for t in tags],
            "apply": "1",
            "target": tags[0].pk,
        },
    )

    assert Tag.objects.count() == 2
