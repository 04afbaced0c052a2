"""Cached public pages are never shown once the change that outdates them
commits, and a change outdates only the pages that show what it changed."""

import datetime
import importlib
import socket
import uuid
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ambassadors.models import RosterLink
from articles import views
from articles.models import Article
from hangzhou_mice import pagecache
from hangzhou_mice.mentions import mentions_set
from hangzhou_mice.models import SiteChange, Status
from hangzhou_mice.pagecache import PAGE_SECONDS
from tests.factories import (
    AmbassadorFactory,
    ArticleFactory,
    BureauPageFactory,
    EventFactory,
    ParticipantFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        body = client.get(url).content.decode()
    return len(captured.captured_queries), body


def test_second_view_is_served_from_cache_in_one_query(client):
    article = ArticleFactory(tags=["MICE"])
    ArticleFactory(title="Neighbour", tags=["MICE"])
    EventFactory(tags=["MICE"])
    AmbassadorFactory()
    pages = [article.get_absolute_url(), "/en/tags/mice/", "/en/", "/en/events/"]
    pages += ["/en/ambassadors/", "/zh-hans/ambassadors/?q=Chen"]
    pages += ["/en/venues/?attendees=300&layout=banquet"]

    views = {url: (queries(client, url), queries(client, url)) for url in pages}

    # Nothing is looked up before the cache is asked: only the content state.
    assert {
        url: (first > 1, second, cached == body)
        for url, ((first, body), (second, cached)) in views.items()
    } == dict.fromkeys(pages, (True, 1, True))


def test_unpublishing_outdates_cached_pages_at_once(client):
    article = ArticleFactory(tags=["MICE"])
    neighbour = ArticleFactory(title="Neighbour", tags=["MICE"])
    assert "Neighbour" in client.get(article.get_absolute_url()).content.decode()

    neighbour.status = Status.DRAFT
    neighbour.save()

    assert "Neighbour" not in client.get(article.get_absolute_url()).content.decode()
    assert client.get(neighbour.get_absolute_url()).status_code == 404


def test_scheduled_article_appears_on_time_without_any_save(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    rendered = timezone.now()
    article = ArticleFactory(tags=["MICE"])
    at = rendered + datetime.timedelta(seconds=10)
    ArticleFactory(title="Scheduled", tags=["MICE"], published_at=at)
    assert "Scheduled" not in client.get(article.get_absolute_url()).content.decode()
    assert "Scheduled" not in client.get("/en/articles/").content.decode()

    time_machine.move_to(at + datetime.timedelta(seconds=1), tick=False)
    # The pages cached before are still fresh: only the content state outdates them.
    assert timezone.now() - rendered < datetime.timedelta(seconds=PAGE_SECONDS)

    assert "Scheduled" in client.get(article.get_absolute_url()).content.decode()
    assert "Scheduled" in client.get("/en/articles/").content.decode()


def test_two_requests_seeing_a_moment_pass_outdate_pages_once(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    at = timezone.now() + datetime.timedelta(seconds=10)
    ArticleFactory(title="Scheduled", published_at=at)
    before = SiteChange.objects.get()
    assert before.next_moment == at

    time_machine.move_to(at + datetime.timedelta(seconds=1), tick=False)
    # Two processes read the same moment, and each finds it passed.
    with connection.cursor() as cursor:
        for _ in range(2):
            pagecache.moment_passed(cursor, at, timezone.now())

    after = SiteChange.objects.get()
    assert (after.counter, after.next_moment) == (before.counter + 1, None)


def test_an_upgraded_site_finds_its_next_moment_at_the_first_request(
    client, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    at = timezone.now() + datetime.timedelta(seconds=10)
    ArticleFactory(title="Scheduled", published_at=at)
    SiteChange.objects.update(next_moment=None)  # as the new column starts
    upgrade = importlib.import_module("hangzhou_mice.migrations.0017_site_next_moment")
    upgrade.mark_moment_passed(django_apps, SimpleNamespace(connection=connection))
    assert "Scheduled" not in client.get("/en/articles/").content.decode()

    time_machine.move_to(at + datetime.timedelta(seconds=1), tick=False)

    assert "Scheduled" in client.get("/en/articles/").content.decode()


def test_roster_changes_outdate_the_event_page(client, admin_client):
    event = EventFactory()
    guest = ParticipantFactory(event=event, full_name="Tian Mei", is_public=True)
    assert "Tian Mei" in client.get(event.get_absolute_url()).content.decode()

    guest.is_public = False
    guest.save()

    assert "Tian Mei" not in client.get(event.get_absolute_url()).content.decode()


def test_staff_preview_is_never_cached(admin_client, client):
    draft = ArticleFactory(draft=True, title="Draft")
    assert admin_client.get(draft.get_preview_url()).status_code == 200

    assert client.get(draft.get_preview_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


def cached(client, url):
    """Whether `url` is answered from the cache: with the one state query."""
    return queries(client, url)[0] == 1


def test_a_change_to_one_article_leaves_other_article_pages_cached(client):
    article = ArticleFactory(tags=["MICE"])
    other = ArticleFactory(title="Elsewhere", tags=["Tea"])
    for url in (article.get_absolute_url(), other.get_absolute_url(), "/en/"):
        client.get(url)

    other.title = "Elsewhere, retitled"
    other.save()

    assert cached(client, article.get_absolute_url())
    assert not cached(client, other.get_absolute_url())
    assert "Elsewhere, retitled" in client.get("/en/").content.decode()


def retitle(item, field="title"):
    setattr(item, field, "Retitled")
    item.save()


def publish_translation(article):
    return ArticleFactory(
        language="zh-hans",
        translation_key=article.translation_key,
        title="会展新闻",
        slug="hui-zhan-xin-wen",
    )


def publish(item):
    item.status = Status.PUBLISHED
    item.save()


def rename_tag(article):
    tag = article.tags.get()
    tag.name = "Retitled"
    tag.save()


def rename_mentioned_event(article):
    event = EventFactory()
    mentions_set(source=article, targets=[event])
    return event


def retitle_menu_page(article):
    return BureauPageFactory(title_en="Meeting here")


# (what the page shows, the change, the text the page shows after it)
SHOWN = {
    "a Similar Article retitled": (
        lambda article: ArticleFactory(title="Neighbour", tags=["MICE"]),
        retitle,
        "Retitled",
    ),
    "a Similar Article published": (
        lambda article: ArticleFactory(title="Retitled", tags=["MICE"], draft=True),
        publish,
        "Retitled",
    ),
    "an event it is about renamed": (rename_mentioned_event, retitle, "Retitled"),
    "its translation published": (
        lambda article: article,
        publish_translation,
        "hui-zhan-xin-wen",
    ),
    "its tag renamed": (lambda article: article, rename_tag, "Retitled"),
    "a bureau page in the menu renamed": (
        retitle_menu_page,
        lambda page: retitle(page, "title_en"),
        "Retitled",
    ),
}


@pytest.mark.parametrize("case", SHOWN)
def test_any_change_to_what_an_article_page_shows_outdates_it(
    client, case, django_capture_on_commit_callbacks
):
    prepare, change, after = SHOWN[case]
    article = ArticleFactory(tags=["MICE"])
    shown = prepare(article)
    url = article.get_absolute_url()
    assert after not in client.get(url).content.decode()
    assert cached(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        change(shown)

    assert after in client.get(url).content.decode()


def test_a_page_rendered_while_a_change_commits_is_not_stored(client, monkeypatch):
    article = ArticleFactory(tags=["MICE"])
    other = ArticleFactory(tags=["Tea"])
    render = views.similar_articles

    def while_rendering(*args):
        pagecache.items_changed(Article, [other.pk])
        return render(*args)

    monkeypatch.setattr(views, "similar_articles", while_rendering)
    client.get(article.get_absolute_url())
    monkeypatch.setattr(views, "similar_articles", render)

    assert not cached(client, article.get_absolute_url())
    assert cached(client, article.get_absolute_url())


def later_event(**fields):
    """An event ending after one made with the defaults: publishing it moves
    no moment at which time changes a page, which would outdate every page."""
    start = timezone.now() + datetime.timedelta(days=60)
    return EventFactory(start=start, **fields)


def test_an_item_an_article_is_about_shows_once_published(client):
    article = ArticleFactory(tags=["MICE"])
    EventFactory()
    event = later_event(title="Hangzhou PLUS", status=Status.DRAFT)
    mentions_set(source=article, targets=[event])
    assert (
        "Hangzhou PLUS" not in client.get(article.get_absolute_url()).content.decode()
    )

    publish(event)

    assert "Hangzhou PLUS" in client.get(article.get_absolute_url()).content.decode()


def draft_event_at(venue):
    return later_event(title="Retitled", venue=venue, draft=True)


def draft_event_with(ambassador):
    event = later_event(title="Retitled", draft=True)
    guest = ParticipantFactory(
        event=event, organization=ambassador.institution, is_public=True
    )
    RosterLink.objects.create(ambassador=ambassador, participant=guest)
    return event


@pytest.mark.parametrize(
    ("page", "draft_event"),
    [(VenueFactory, draft_event_at), (AmbassadorFactory, draft_event_with)],
)
def test_a_detail_page_listing_events_shows_one_once_published(
    client, page, draft_event
):
    item = page()
    EventFactory()
    event = draft_event(item)
    assert "Retitled" not in client.get(item.get_absolute_url()).content.decode()

    publish(event)

    assert "Retitled" in client.get(item.get_absolute_url()).content.decode()


def test_a_tag_page_is_outdated_by_what_is_under_its_tag_only(client):
    ArticleFactory(title="Roadshow news", tags=["MICE"])
    elsewhere = ArticleFactory(title="Tea news", tags=["Tea"])
    client.get("/en/tags/mice/")

    retitle(elsewhere)
    assert cached(client, "/en/tags/mice/")

    elsewhere.tags.add("MICE")
    assert "Retitled" in client.get("/en/tags/mice/").content.decode()


def test_an_item_under_a_tag_outdates_its_page_even_when_not_shown(client):
    oldest, *_shown = [ArticleFactory(tags=["MICE"]) for _ in range(7)]
    assert "See all 7" in client.get("/en/tags/mice/").content.decode()
    retitle(oldest)  # what the page does not show: it stays
    assert cached(client, "/en/tags/mice/")

    oldest.status = Status.DRAFT
    oldest.save()

    assert "See all" not in client.get("/en/tags/mice/").content.decode()


def test_a_list_of_one_kind_stays_cached_when_another_kind_changes(client):
    article = ArticleFactory(tags=["MICE"])
    EventFactory(tags=["MICE"])
    VenueFactory(tags=["MICE"])
    AmbassadorFactory()
    lists = ["/en/events/", "/en/venues/?attendees=300", "/en/ambassadors/"]
    for url in lists:
        client.get(url)

    retitle(article)

    assert [url for url in lists if not cached(client, url)] == []


def test_a_copy_saved_as_a_new_article_is_listed(client):
    article = ArticleFactory(title="First")
    retitle(article)  # a save that moves it nowhere, as its flag says
    client.get("/en/articles/")

    article.pk, article.slug, article.title = None, "copy", "Copy"
    article.translation_key = uuid.uuid4()
    article.save()

    assert "Copy" in client.get("/en/articles/").content.decode()


def test_an_item_deleted_after_a_text_edit_leaves_the_list(client):
    oldest, *_shown = [ArticleFactory() for _ in range(11)]
    retitle(oldest)  # a save that moves it nowhere, as its flag says
    assert 'rel="next"' in client.get("/en/articles/").content.decode()

    oldest.delete()  # not shown on the first page: only the count tells

    assert 'rel="next"' not in client.get("/en/articles/").content.decode()


@pytest.fixture
def unreachable_database(transactional_db):
    """Call it and the database stops answering: its connection is closed and
    every new one refused (a port nothing listens on)."""
    settings_dict = connection.settings_dict
    port = settings_dict["PORT"]

    def cut():
        with socket.socket() as unused:
            unused.bind(("127.0.0.1", 0))
            nothing_listens = unused.getsockname()[1]
        connection.close()
        settings_dict["PORT"] = nothing_listens

    yield cut
    settings_dict["PORT"] = port
    connection.close()


def test_stored_pages_are_served_while_the_database_is_unreachable(
    client, unreachable_database
):
    article = ArticleFactory(title="Still served")
    client.get(article.get_absolute_url())
    unreachable_database()

    response = client.get(article.get_absolute_url())

    assert (response.status_code, "Still served" in response.content.decode()) == (
        200,
        True,
    )
    assert client.get("/healthz").status_code == 503
