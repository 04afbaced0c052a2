"""Cached public pages are never shown once the change that outdates them commits."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hangzhou_mice.models import Status
from hangzhou_mice.pagecache import PAGE_SECONDS
from tests.factories import (
    AmbassadorFactory,
    ArticleFactory,
    EventFactory,
    ParticipantFactory,
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
