"""Review before publishing: who may take which step (hangzhou_mice/workflow.py)."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import formats, timezone
from reversion.models import Version

from articles.models import Article
from hangzhou_mice import workflow
from hangzhou_mice.models import AuditEntry, Review, Status, TagSnapshot
from hangzhou_mice.services import versioned_save
from tests.factories import ArticleFactory, EventFactory, make_image

pytestmark = pytest.mark.django_db

# Each transition from the state it leaves.
FROM = {
    "submit": Review.DRAFT,
    "approve": Review.IN_REVIEW,
    "send_back": Review.IN_REVIEW,
    "publish": Review.APPROVED,
}
ALLOWED = {
    "Writer": {"submit"},
    "Reviewer": {"approve", "send_back"},
    "Publisher": {"publish"},
    "Editor": {"submit", "approve", "send_back"},
    "Event staff": set(),
    "Bid team": set(),
    "Bureau admin": {"submit", "approve", "send_back", "publish"},
}


def person(django_user_model, *roles):
    user = django_user_model.objects.create_user(
        "-".join(roles) or "nobody", password="pw", is_staff=True
    )
    user.groups.add(*Group.objects.filter(name__in=roles))
    return django_user_model.objects.get(pk=user.pk)  # no cached permissions


def draft(review=Review.DRAFT, **fields):
    return ArticleFactory(
        status=Status.DRAFT, published_at=None, review=review, **fields
    )


# Events: Event staff write them; Writers write articles only.
EVENTS_ALLOWED = ALLOWED | {"Writer": set(), "Event staff": {"submit"}}
DRAFTS = {
    "article": (lambda state: draft(review=state), ALLOWED),
    "event": (
        lambda state: EventFactory(status=Status.DRAFT, review=state),
        EVENTS_ALLOWED,
    ),
}


@pytest.mark.parametrize("kind", DRAFTS)
def test_each_role_may_take_its_steps_and_no_other(kind, django_user_model):
    make, allowed = DRAFTS[kind]
    taken = {}
    for role in allowed:
        user = person(django_user_model, role)
        taken[role] = set()
        for name, state in FROM.items():
            item = make(state)
            try:
                workflow.perform(user=user, item=item, name=name, comment="Fix.")
            except PermissionDenied:
                continue
            taken[role].add(name)

    assert taken == allowed


def test_a_step_from_the_wrong_state_is_refused(django_user_model):
    user = person(django_user_model, "Writer", "Reviewer", "Publisher")
    article = draft(review=Review.IN_REVIEW)

    for name in ("submit", "publish"):
        with pytest.raises(PermissionDenied):
            workflow.perform(user=user, item=article, name=name)
    assert [t.name for t in workflow.available(user, article)] == [
        "approve",
        "send_back",
    ]


def test_sending_back_needs_a_comment(django_user_model):
    user = person(django_user_model, "Reviewer")
    article = draft(review=Review.IN_REVIEW)

    with pytest.raises(ValidationError):
        workflow.perform(user=user, item=article, name="send_back", comment="  ")
    article.refresh_from_db()
    assert article.review == Review.IN_REVIEW


def test_one_step_publishing_is_a_setting_for_those_with_every_role(
    django_user_model, settings
):
    everything = person(django_user_model, "Writer", "Reviewer", "Publisher")
    publisher = person(django_user_model, "Publisher")
    article = draft()

    assert not workflow.allowed(everything, article, "publish")
    settings.REVIEW_ONE_STEP = True
    assert not workflow.allowed(publisher, article, "publish")
    workflow.perform(user=everything, item=article, name="publish")
    article.refresh_from_db()
    assert workflow.state(article) == "published"


def test_publishing_with_a_date_to_come_schedules(django_user_model):
    user = person(django_user_model, "Publisher")
    later = timezone.now() + datetime.timedelta(days=2)
    article = draft(review=Review.APPROVED)

    after = workflow.perform(user=user, item=article, name="publish", at=later)

    assert after == "scheduled"
    article.refresh_from_db()
    assert (article.status, article.is_published) == (Status.PUBLISHED, False)


def test_each_step_is_in_the_audit_log_and_the_items_history(django_user_model):
    user = person(django_user_model, "Reviewer")
    article = draft(review=Review.IN_REVIEW)

    workflow.perform(
        user=user, item=article, name="send_back", comment="Check the figures."
    )

    entry = AuditEntry.objects.get(action="workflow.send_back")
    assert (entry.username, entry.subject) == (
        user.username,
        f"articles.article {article.pk}",
    )
    assert entry.detail == {
        "before": "in_review",
        "after": "sent_back",
        "comment": "Check the figures.",
    }
    version = Version.objects.get_for_object(article).first()
    assert version.revision.user == user
    assert (
        version.revision.comment
        == "Send back: In review → Sent back — Check the figures."
    )


def test_editors_become_publishers_on_upgrade(django_user_model):
    editor = person(django_user_model, "Editor")
    migration = importlib.import_module("hangzhou_mice.migrations.0013_editors_publish")

    migration.editors_publish(apps, None)

    assert editor.groups.filter(name="Publisher").exists()


def change_form(article, **overrides):
    return {
        "language": article.language,
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "tags": "",
        "hero_caption": "",
        "byline": "",
    } | overrides


def test_a_writer_submits_from_the_change_form_and_cannot_publish_there(
    client, django_user_model
):
    writer = person(django_user_model, "Writer")
    article = draft(author=writer)
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(writer)

    page = client.get(url).content.decode()
    client.post(url, change_form(article, title="Renamed", status=Status.PUBLISHED))
    article.refresh_from_db()
    client.post(url, change_form(article, _workflow="submit"))

    assert 'name="status"' not in page and 'value="submit"' in page
    article.refresh_from_db()
    assert (article.title, article.status, article.review) == (
        "Renamed",
        Status.DRAFT,
        Review.IN_REVIEW,
    )


def test_a_reviewer_sending_back_without_a_comment_is_told_and_nothing_moves(
    client, django_user_model
):
    reviewer = person(django_user_model, "Reviewer")
    article = draft(review=Review.IN_REVIEW)
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(reviewer)

    silent = client.post(url, change_form(article, _workflow="send_back"), follow=True)
    article.refresh_from_db()
    assert article.review == Review.IN_REVIEW
    assert "a comment is required" in silent.content.decode()

    client.post(
        url, change_form(article, _workflow="send_back", _workflow_comment="Dates?")
    )
    article.refresh_from_db()
    assert article.review == Review.SENT_BACK


def test_the_publish_action_publishes_only_approved_articles(client, django_user_model):
    publisher = person(django_user_model, "Publisher")
    approved = draft(review=Review.APPROVED)
    unreviewed = draft(title="Unreviewed")
    changed = ArticleFactory(title="Live title", review=Review.APPROVED)
    changed.title = "Approved change"
    workflow.change_keep(item=changed)
    client.force_login(publisher)

    response = client.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "publish",
            "_selected_action": [approved.pk, unreviewed.pk, changed.pk],
        },
        follow=True,
    )

    for article in (approved, unreviewed, changed):
        article.refresh_from_db()
    assert (approved.status, unreviewed.status) == (Status.PUBLISHED, Status.DRAFT)
    assert changed.title == "Approved change"
    assert "not approved yet: Unreviewed" in response.content.decode()


def test_the_header_counts_what_waits_for_each_person(
    client, django_user_model, django_assert_num_queries
):
    draft(review=Review.IN_REVIEW)
    EventFactory(review=Review.IN_REVIEW)
    draft(review=Review.APPROVED)
    admin = person(django_user_model, "Bureau admin")
    admin.has_perm("articles.view_article")  # permissions loaded
    with django_assert_num_queries(1):  # whatever the number of kinds
        workflow.waiting(admin)
    counts = {}
    for role in ("Reviewer", "Publisher", "Writer"):
        client.force_login(person(django_user_model, role))
        body = client.get(reverse("admin:index")).content.decode()
        found = re.search(r'class="review-waiting">\s*(\d+)', body)
        counts[role] = int(found.group(1)) if found else 0

    assert counts == {"Reviewer": 2, "Publisher": 1, "Writer": 0}


def test_the_review_page_lists_what_waits_by_state_and_who_must_act(
    client, django_user_model
):
    draft(title="Needs a reviewer", review=Review.IN_REVIEW)
    draft(title="Needs a publisher", review=Review.APPROVED)
    draft(title="Plain draft")
    changed = ArticleFactory(title="Published, changed", review=Review.IN_REVIEW)
    workflow.change_keep(item=changed)
    client.force_login(person(django_user_model, "Publisher"))

    body = client.get(reverse("review_queue")).content.decode()

    assert body.count("a change to the published version") == 1

    assert body.index("Needs a publisher") < body.index("Needs a reviewer")
    assert "waiting for you and the other publishers" in body
    assert "waiting for the reviewers" in body
    assert "Plain draft" not in body


def test_submitting_mails_the_reviewers_after_the_commit(
    django_user_model, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.SITE_URL = "https://mice.example"
    writer = person(django_user_model, "Writer")
    reviewer = person(django_user_model, "Reviewer")
    reviewer.email = "li@example.org"
    reviewer.save()
    person(django_user_model, "Publisher").save()
    article = draft(title="六十家协会齐聚杭州")

    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(user=writer, item=article, name="submit")

    (mail,) = mailoutbox
    assert mail.to == ["li@example.org"]
    assert mail.subject == "待审核：六十家协会齐聚杭州"
    assert f"https://mice.example/admin/articles/article/{article.pk}/change/" in (
        mail.body
    )


def test_who_submitted_an_article_does_not_approve_it_too(django_user_model):
    editor = person(django_user_model, "Editor")
    other = person(django_user_model, "Reviewer")
    article = draft()

    workflow.perform(user=editor, item=article, name="submit")
    article.refresh_from_db()

    assert not workflow.allowed(editor, article, "approve")
    assert workflow.allowed(editor, article, "send_back")
    assert workflow.allowed(other, article, "approve")


def test_the_review_page_shows_no_article_to_staff_who_may_not_see_articles(
    client, django_user_model
):
    draft(title="Unannounced congress", review=Review.IN_REVIEW)
    client.force_login(person(django_user_model, "Event staff"))

    body = client.get(reverse("review_queue")).content.decode()

    assert "Unannounced congress" not in body


def test_a_refused_publication_leaves_the_article_as_it_was(django_user_model):
    publisher = person(django_user_model, "Publisher")
    article = ArticleFactory(title="Live title", review=Review.APPROVED)
    article.title, article.hero_image = "Changed title", make_image(alt_text="")
    article.pending_store()
    Article.objects.filter(pk=article.pk).update(pending=article.pending)

    with pytest.raises(ValidationError):
        workflow.perform(user=publisher, item=article, name="publish")

    article.refresh_from_db()
    assert (article.title, article.review) == ("Live title", Review.APPROVED)
    assert article.pending["title"] == "Changed title"


def test_a_writers_change_to_a_published_article_waits_beside_it(
    client, django_user_model
):
    writer = person(django_user_model, "Writer")
    article = ArticleFactory(title="Live title", tags=["roadshow"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(writer)

    saved = client.post(
        url,
        change_form(article, title="Changed title", tags="roadshow, incentive"),
        follow=True,
    )

    article.refresh_from_db()
    assert (article.title, sorted(article.tags.names())) == ("Live title", ["roadshow"])
    assert "visitors see it once it is reviewed and published" in (
        saved.content.decode()
    )
    form = saved.content.decode()
    assert 'value="Changed title"' in form and "incentive" in form
    compare = client.get(
        reverse("admin:articles_article_change_compare", args=[article.pk])
    ).content.decode()
    assert "Live title" in compare and "Changed title" in compare
    assert "incentive" in compare


def test_editing_an_approved_text_takes_it_back_to_draft(client, django_user_model):
    writer = person(django_user_model, "Writer")
    approved = draft(review=Review.APPROVED)
    url = reverse("admin:articles_article_change", args=[approved.pk])
    client.force_login(writer)

    client.post(url, change_form(approved, summary="Another standfirst."))

    approved.refresh_from_db()
    assert approved.review == Review.DRAFT


def test_who_may_publish_directly_saves_the_change_shown_as_published(
    client, django_user_model, admin_user
):
    article = ArticleFactory(title="Live title", review=Review.IN_REVIEW)
    article.title = "Changed title"
    workflow.change_keep(item=article)
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(admin_user)

    client.post(url, change_form(article, status=Status.PUBLISHED))

    article.refresh_from_db()
    assert (article.title, article.pending, article.review) == (
        "Changed title",
        None,
        Review.DRAFT,
    )


def test_unpublishing_keeps_the_change_waiting_as_the_draft(client, django_user_model):
    publisher = person(django_user_model, "Publisher")
    article = ArticleFactory(title="Live title", tags=["roadshow"])
    article.title = "Waiting change"
    workflow.change_keep(item=article, tags=["incentive"])
    client.force_login(publisher)

    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )

    article.refresh_from_db()
    assert (article.status, article.title, article.pending) == (
        Status.DRAFT,
        "Waiting change",
        None,
    )
    assert list(article.tags.names()) == ["incentive"]


def test_restoring_a_version_of_a_published_article_makes_it_the_change_waiting(
    client, django_user_model
):
    writer = person(django_user_model, "Writer")
    article = ArticleFactory(title="First title")
    versioned_save(obj=article, user=writer, comment="First")
    article.title = "Published title"
    versioned_save(obj=article, user=writer, comment="Second")
    first = Version.objects.get_for_object(article).order_by("pk").first()
    client.force_login(writer)

    client.post(
        reverse("admin:articles_article_revision", args=[article.pk, first.pk]),
        change_form(article, title="First title"),
    )

    article.refresh_from_db()
    assert (article.title, article.pending["title"]) == (
        "Published title",
        "First title",
    )


def test_a_scheduled_article_is_listed_and_saved_with_the_moment_it_goes_live(
    admin_client,
):
    later = timezone.localtime() + datetime.timedelta(days=2)
    article = ArticleFactory(title="Tomorrow's news", published_at=later)
    shown = formats.date_format(later, "DATETIME_FORMAT")
    url = reverse("admin:articles_article_change", args=[article.pk])

    listing = admin_client.get(reverse("admin:articles_article_changelist"))
    saved = admin_client.post(
        url,
        change_form(
            article,
            status=Status.PUBLISHED,
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1=later.strftime("%H:%M:%S"),
        ),
        follow=True,
    )

    assert f"Scheduled for {shown}" in listing.content.decode()
    assert f"Visitors see it from {shown}." in saved.content.decode()


def test_a_change_published_from_its_form_keeps_its_tags_in_the_history(
    client, django_user_model
):
    publisher = person(django_user_model, "Publisher")
    article = ArticleFactory(title="Live title", review=Review.APPROVED, tags=["MICE"])
    article.title = "Approved change"
    workflow.change_keep(item=article, tags=["MICE", "incentive"])
    client.force_login(publisher)
    form = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert 'value="publish"' in form.content.decode()

    client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form(article, tags="MICE, incentive", _workflow="publish"),
    )

    article.refresh_from_db()
    latest = Version.objects.get_for_object(article).first()
    assert (article.title, TagSnapshot.for_version(latest)) == (
        "Approved change",
        ["incentive", "MICE"],
    )


def test_who_publishes_directly_is_offered_no_step_on_a_published_article(
    admin_client,
):
    article = ArticleFactory()

    form = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert 'name="_workflow"' not in form.content.decode()


def test_an_id_that_is_no_id_is_not_found_in_the_compare_and_restore_pages(
    admin_client,
):
    for url in (
        "/admin/articles/article/abc/change/compare/",
        "/admin/articles/article/abc/history/1/",
    ):
        assert admin_client.get(url).status_code == 404, url
