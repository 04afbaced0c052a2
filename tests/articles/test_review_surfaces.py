"""A change to a published article reaches no public page until it is
published: not the page or its cache, the lists, tag pages, search, Similar
Articles, the sitemap or the feed; then it reaches each of them.

Articles are in no calendar: the `.ics` files are the events' (their
changes are not reviewed yet; README, "Review before publishing").
"""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from hangzhou_mice import workflow
from tests.events.test_export_jobs import run_worker
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

OLD, NEW = "Hangzhou PLUS in Beijing", "Sixty associations met the bureau"
OLD_SLUG, NEW_SLUG = "hangzhou-plus-in-beijing", "sixty-associations-met"

# Each place a visitor sees the article, and what tells its version there.
SURFACES = {
    "page and its cache": (
        lambda article, neighbour: f"/en/articles/{OLD_SLUG}/",
        OLD,
        NEW,
    ),
    "article list": (lambda article, neighbour: "/en/articles/", OLD, NEW),
    "home": (lambda article, neighbour: "/en/", OLD, NEW),
    "tag page": (lambda article, neighbour: "/en/tags/roadshow/", OLD, NEW),
    "search": (lambda article, neighbour: "/en/search/?q=roadshow", OLD, NEW),
    "Similar Articles": (
        lambda article, neighbour: neighbour.get_absolute_url(),
        OLD,
        NEW,
    ),
    "sitemap": (lambda article, neighbour: "/sitemap.xml", OLD_SLUG, NEW_SLUG),
    "feed": (lambda article, neighbour: "/en/articles/feed/", OLD, NEW),
}


def person(django_user_model, *roles):
    user, _ = django_user_model.objects.get_or_create(
        username="-".join(roles).lower().replace(" ", "_"), is_staff=True
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        neighbour = ArticleFactory(title="Neighbour congress", tags=["roadshow"])
        article = ArticleFactory(title=OLD, slug=OLD_SLUG, tags=["roadshow"])
    return article, neighbour


def approve_change(article, django_user_model):
    """A writer's change of published `article`, approved, not published."""
    change = Article.objects.get(pk=article.pk)
    change.title, change.slug = NEW, NEW_SLUG
    workflow.change_keep(item=change, tags=["roadshow"])
    writer = person(django_user_model, "Writer")
    workflow.perform(user=writer, item=change, name="submit")
    workflow.perform(
        user=person(django_user_model, "Reviewer"), item=change, name="approve"
    )
    return change


@pytest.fixture
def approved_change(published, django_user_model):
    return approve_change(published[0], django_user_model)


def shows(client, url, text):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    return text in response.content.decode()


@pytest.mark.parametrize("surface", SURFACES)
def test_a_change_reaches_no_public_page_until_published_then_each(
    surface,
    client,
    published,
    django_user_model,
    django_capture_on_commit_callbacks,
):
    where, old, new = SURFACES[surface]
    url = where(*published)
    assert shows(client, url, old)  # and cached, where pages are

    with django_capture_on_commit_callbacks(execute=True):  # as if committed
        change = approve_change(published[0], django_user_model)

    assert (shows(client, url, old), shows(client, url, new)) == (True, False)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(
            user=person(django_user_model, "Publisher"), item=change, name="publish"
        )

    assert (shows(client, url, old), shows(client, url, new)) == (False, True)


class TestScheduled:
    """A scheduled change goes public at its time, through the task queue."""

    @pytest.fixture
    def immediate_tasks(self, settings):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def test_the_published_version_stays_until_the_changes_time(
        self,
        client,
        approved_change,
        django_user_model,
        time_machine,
        django_capture_on_commit_callbacks,
    ):
        start = timezone.now()
        time_machine.move_to(start, tick=False)
        at = start + datetime.timedelta(hours=2)
        publisher = person(django_user_model, "Publisher")
        url = f"/en/articles/{OLD_SLUG}/"

        with django_capture_on_commit_callbacks(execute=True):
            after = workflow.perform(
                user=publisher, item=approved_change, name="publish", at=at
            )
        assert after == "change_scheduled"
        run_worker()
        time_machine.move_to(at - datetime.timedelta(seconds=1), tick=False)
        run_worker()
        assert (shows(client, url, OLD), shows(client, url, NEW)) == (True, False)

        time_machine.move_to(at, tick=False)
        run_worker()
        assert (shows(client, url, OLD), shows(client, url, NEW)) == (False, True)

    def test_a_change_scheduled_again_later_waits_for_its_new_time(
        self,
        client,
        approved_change,
        django_user_model,
        time_machine,
        django_capture_on_commit_callbacks,
    ):
        start = timezone.now()
        time_machine.move_to(start, tick=False)
        first, second = (start + datetime.timedelta(hours=h) for h in (1, 3))
        publisher = person(django_user_model, "Publisher")
        with django_capture_on_commit_callbacks(execute=True):
            workflow.perform(
                user=publisher, item=approved_change, name="publish", at=first
            )
            change = approve_change(approved_change, django_user_model)  # edited
            workflow.perform(user=publisher, item=change, name="publish", at=second)

        time_machine.move_to(first, tick=False)
        run_worker()

        assert Article.objects.get(pk=change.pk).title == OLD

    def test_a_change_whose_task_was_lost_goes_public_with_the_hourly_jobs(
        self, client, approved_change, django_user_model, time_machine
    ):
        at = timezone.now() + datetime.timedelta(days=1)
        publisher = person(django_user_model, "Publisher")
        workflow.perform(user=publisher, item=approved_change, name="publish", at=at)
        time_machine.move_to(at + datetime.timedelta(minutes=5), tick=False)

        call_command("publish_due_changes", stdout=io.StringIO())

        assert Article.objects.get(pk=approved_change.pk).title == NEW
