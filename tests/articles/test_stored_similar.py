"""The stored Similar Articles lists stay exactly what the live ranking says."""

import datetime
import random

import pytest
import reversion
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, SimilarArticle, SimilarList
from articles.similar import DEPTH, similar_articles
from hangzhou_mice.models import Status, Tag, TagSnapshot
from hangzhou_mice.services import tag_merge, versioned_save
from tests.articles.test_versions import posted_form
from tests.factories import ArticleFactory, make_image

pytestmark = pytest.mark.django_db(transaction=True)


def shown(article):
    return [a.title for a in similar_articles(article, timezone.now())]


def live(article):
    return [a.title for a in Article.objects.similar_to(article)]


def test_first_view_computes_and_stores_and_later_views_read_in_one_query():
    article = ArticleFactory(tags=["a", "b"])
    ArticleFactory(title="two", tags=["a", "b"])
    ArticleFactory(title="one", tags=["a"])

    with CaptureQueriesContext(connection) as cold:
        first = shown(article)
    with CaptureQueriesContext(connection) as warm:
        second = shown(article)

    assert first == second == ["two", "one"]
    # No list found, then one query computes and stores it; then one reads
    # it, complete with two entries.
    assert (len(cold.captured_queries), len(warm.captured_queries)) == (2, 1)
    assert "WITH" not in warm.captured_queries[0]["sql"]
    assert SimilarList.objects.filter(article=article, complete=True).exists()
    assert SimilarArticle.objects.filter(article=article).count() == 2


def test_newly_published_article_enters_stored_lists():
    article = ArticleFactory(tags=["a"])
    ArticleFactory(
        title="old", tags=["a"], published_at=timezone.now() - datetime.timedelta(9)
    )
    assert shown(article) == ["old"]

    ArticleFactory(title="new", tags=["a"], published_at=timezone.now())

    assert shown(article) == ["new", "old"]


def test_unpublished_article_leaves_every_list_at_once():
    article = ArticleFactory(tags=["a"])
    listed = ArticleFactory(title="listed", tags=["a"])
    assert shown(article) == ["listed"]

    Article.objects.filter(pk=listed.pk).update(status=Status.DRAFT)  # no signal yet
    assert shown(article) == []
    listed.refresh_from_db()
    listed.save()  # the signal path

    assert shown(article) == []


def test_a_text_edit_keeps_every_stored_list():
    article = ArticleFactory(tags=["a"])
    listed = ArticleFactory(title="listed", tags=["a"])
    assert shown(article) == ["listed"]

    listed.title = "listed, retitled"
    listed.save()

    # Nothing to compute again on the next view: the title is read with it.
    assert SimilarList.objects.filter(article=article).exists()
    assert shown(article) == ["listed, retitled"]


def test_retagged_article_moves_in_the_ranking():
    article = ArticleFactory(tags=["a", "b"])
    first = ArticleFactory(title="first", tags=["a", "b"])
    ArticleFactory(title="second", tags=["a"], published_at=timezone.now())
    assert shown(article) == ["first", "second"]

    first.tags.set(["b", "z"])
    first.published_at = timezone.now() - datetime.timedelta(days=30)
    first.save()

    assert shown(article) == live(article) == ["second", "first"]


def test_scheduled_article_appears_when_its_time_comes(time_machine):
    article = ArticleFactory(tags=["a"])
    shown(article)
    time_machine.move_to(timezone.now(), tick=False)
    later = timezone.now() + datetime.timedelta(hours=1)
    ArticleFactory(title="scheduled", tags=["a"], published_at=later)
    assert shown(article) == []

    time_machine.move_to(later + datetime.timedelta(minutes=1))

    assert shown(article) == ["scheduled"]


def test_deleted_article_leaves_the_lists():
    article = ArticleFactory(tags=["a"])
    gone = ArticleFactory(title="gone", tags=["a"])
    assert shown(article) == ["gone"]

    gone.delete()

    assert shown(article) == []


def change_tags(chooser, step, target):
    """Merge, delete or rename a tag, as an editor would in the admin."""
    existing = list(Tag.objects.order_by("pk"))
    action = chooser.choice(["merge", "delete", "rename"])
    if action == "merge" and len(existing) >= 2:
        source, keep = chooser.sample(existing, 2)
        tag_merge(source=source, target=keep)
    elif action == "delete" and existing:
        chooser.choice(existing).delete()
    elif existing:
        renamed = chooser.choice(existing)
        renamed.name = f"{renamed.name} ({step})"
        renamed.save()
    return action


def restore_first_version(target):
    """Bring an article back to its first saved version, tags included."""
    first = Version.objects.get_for_object(target).last()
    with reversion.create_revision():
        first.revert()
        target.refresh_from_db()
        target.tags.set(TagSnapshot.for_version(first))


def test_stored_lists_match_the_live_ranking_through_many_changes():
    chooser = random.Random(7)
    tags = [f"t{n}" for n in range(6)]
    articles = [
        ArticleFactory(tags=chooser.sample(tags, chooser.randint(1, 3)))
        for _ in range(DEPTH + 14)
    ]
    for article in articles:
        versioned_save(obj=article, user=None, comment="first")
        shown(article)  # store every list
    changes = ["retag", "unpublish", "publish", "redate", "tags", "restore"]
    for step in range(40):
        target = chooser.choice(articles)
        change = chooser.choice(changes)
        if change == "retag":
            target.tags.set(chooser.sample(tags, chooser.randint(1, 3)))
        elif change == "redate":
            target.published_at = timezone.now() - datetime.timedelta(
                minutes=chooser.randint(1, 10_000)
            )
            target.save()
        elif change == "tags":
            change = change_tags(chooser, step, target)
        elif change == "restore":
            restore_first_version(target)
        else:
            target.status = Status.DRAFT if change == "unpublish" else Status.PUBLISHED
            target.save()
        for article in articles:
            assert shown(article) == live(article), (step, change, article.title)


def test_merging_tags_refreshes_the_lists_of_both_sides():
    first = ArticleFactory(title="first", tags=["x"])
    second = ArticleFactory(title="second", tags=["X prime"])
    assert shown(first) == shown(second) == []

    tag_merge(source=Tag.objects.get(name="X prime"), target=Tag.objects.get(name="x"))

    assert shown(first) == live(first) == ["second"]
    assert shown(second) == live(second) == ["first"]


def test_deleting_a_tag_refreshes_the_lists_that_relied_on_it():
    first = ArticleFactory(title="first", tags=["x", "y"])
    ArticleFactory(title="second", tags=["x"])
    ArticleFactory(title="third", tags=["y"], published_at=timezone.now())
    assert shown(first) == ["third", "second"]

    Tag.objects.get(name="y").delete()

    assert shown(first) == live(first) == ["second"]


def test_restoring_a_version_in_the_admin_refreshes_the_lists(admin_client):
    reader = ArticleFactory(title="reader", tags=["a"])
    restored = ArticleFactory(title="restored", tags=["a"])
    versioned_save(obj=restored, user=None, comment="with a")
    restored.tags.set(["b"])
    assert shown(reader) == []
    version = Version.objects.get_for_object(restored).get()
    url = reverse("admin:articles_article_revision", args=[restored.pk, version.pk])

    response = admin_client.post(url, posted_form(admin_client.get(url)))

    assert response.status_code == 302
    assert shown(reader) == live(reader) == ["restored"]


def test_a_rolled_back_change_does_not_stop_later_refreshes():
    article = ArticleFactory(tags=["a"])
    listed = ArticleFactory(title="listed", tags=["a"])
    assert shown(article) == ["listed"]

    with pytest.raises(RuntimeError), transaction.atomic():
        listed.save()  # schedules a refresh...
        raise RuntimeError("...that the rollback discards")
    listed.tags.set(["b"])

    assert shown(article) == live(article) == []


def test_a_stored_similar_articles_card_shows_its_hero_image(client):
    image = make_image()
    image.renditions_status = "ready"
    image.renditions = [{"width": 64, "webp": "hall.webp", "fallback": "hall.jpg"}]
    image.save()
    article = ArticleFactory(tags=["a"])
    ArticleFactory(title="pictured", tags=["a"], hero_image=image)
    shown(article)  # stored: the page reads the stored list

    body = client.get(article.get_absolute_url()).content.decode()

    assert 'srcset="/media/hall.webp 64w"' in body
