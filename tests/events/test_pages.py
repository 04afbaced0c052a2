import datetime

import icalendar
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.demo import load_demo
from tests.factories import (
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.now() + datetime.timedelta(days=n)


def test_event_list_shows_upcoming_soonest_first_then_past_latest_first(client):
    EventFactory(title="Next month", start=days(30))
    EventFactory(title="Next week", start=days(7))
    EventFactory(title="Last year", start=days(-365))
    EventFactory(title="Last month", start=days(-30))
    EventFactory(title="Draft", start=days(3), draft=True)

    response = client.get("/en/events/")

    titles = [e.title for e in response.context["event_list"]]
    assert titles == ["Next week", "Next month", "Last month", "Last year"]
    body = response.content.decode()
    assert body.index("Upcoming events") < body.index("Past events")
    assert "Draft" not in body


@pytest.mark.parametrize("page", ["abc", "-1", "99999"])
def test_event_list_bad_pages_are_404(client, page):
    EventFactory()

    assert client.get(f"/en/events/?page={page}").status_code == 404


def test_draft_and_unknown_events_are_404(client):
    draft = EventFactory(draft=True)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/en/events/no-such-event/").status_code == 404
    assert client.get("/en/events/no-such-event.ics").status_code == 404


def test_event_page_shows_times_in_shanghai_and_the_organizer(client):
    event = EventFactory(
        start=datetime.datetime(2030, 5, 6, 6, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 5, 6, 10, 0, tzinfo=datetime.UTC),
        organizer=OrganizationFactory(name="Hangzhou convention bureau"),
        address="1 West Lake Road",
        city="Hangzhou",
    )

    body = client.get(event.get_absolute_url()).content.decode()

    assert "May 6, 2030, 14:00" in body and "18:00" in body
    assert "Hangzhou convention bureau" in body
    assert "1 West Lake Road, Hangzhou" in body


def test_public_page_never_shows_emails_phones_or_private_participants(client):
    event = EventFactory()
    ParticipantFactory(
        event=event,
        full_name="Tian Mei",
        is_public=True,
        job_title="Ambassador",
        email="tian@example.org",
        phone="+86 571 1234 5678",
    )
    ParticipantFactory(
        event=event, full_name="Quiet Delegate", email="quiet@example.org"
    )

    body = client.get(event.get_absolute_url()).content.decode()

    assert "Tian Mei" in body and 'class="muted">Ambassador' in body
    assert "Quiet Delegate" not in body
    for secret in ("tian@example.org", "quiet@example.org", "1234 5678", "@example"):
        assert secret not in body


def test_participation_summary_counts_organizations_by_kind(client):
    event = EventFactory()
    for n in range(3):
        ParticipantFactory(event=event, organization__city=f"City {n}")
    shared = ParticipantFactory(event=event).organization
    ParticipantFactory(event=event, organization=shared)  # same org, counted once
    for _ in range(2):
        ParticipantFactory(
            event=event, organization__kind="pco", organization__city="Shanghai"
        )
    ParticipantFactory(event=event, is_public=True, full_name="VIP")  # named
    ParticipantFactory(event=event, category="bureau_staff")  # host

    body = client.get(event.get_absolute_url()).content.decode()

    assert (
        "<strong>4</strong> associations and societies and "
        "<strong>2</strong> Shanghai PCOs." in body
    )


def test_demo_roadshow_summary(client):
    load_demo()
    event = Event.objects.get(slug="hangzhou-plus-roadshow-beijing")

    response = client.get(event.get_absolute_url())

    body = response.content.decode()
    assert "<strong>60</strong> associations and societies" in body
    assert "<strong>30</strong> PCOs" in body
    assert "<strong>18</strong> Hangzhou conference companies and hotels" in body
    for guest in ("Zhang Ansheng", "Tian Mei", "Noor Ahmad Hamid"):
        assert guest in body
    assert "@example.org" not in body
    # The article about the roadshow is in the news, not again among related.
    news = [a.title for a in response.context["news"]]
    assert news == ["Introducing Hangzhou's Association Resources"]


def test_related_articles_use_shared_tags_and_skip_drafts(client):
    event = EventFactory(tags=["roadshow", "MICE"])
    ArticleFactory(title="Both", tags=["roadshow", "MICE"])
    ArticleFactory(title="One", tags=["MICE"])
    ArticleFactory(title="Hidden", tags=["roadshow", "MICE"], draft=True)

    response = client.get(event.get_absolute_url())

    assert [a.title for a in response.context["related_articles"]] == ["Both", "One"]


def test_event_page_queries_do_not_grow_with_guests(client):
    event = EventFactory(tags=["MICE"])
    ParticipantFactory.create_batch(2, event=event, is_public=True)
    with CaptureQueriesContext(connection) as few:
        client.get(event.get_absolute_url())
    ParticipantFactory.create_batch(30, event=event, is_public=True)
    ParticipantFactory.create_batch(30, event=event)

    cache.clear()  # both measured with nothing cached
    with CaptureQueriesContext(connection) as many:
        client.get(event.get_absolute_url())

    assert len(many.captured_queries) == len(few.captured_queries) <= 9


def test_event_ics_parses(client):
    event = EventFactory(title="Roadshow", city="Beijing")

    response = client.get(event.get_ics_url())

    calendar = icalendar.Calendar.from_ical(response.content)
    [item] = calendar.walk("VEVENT")
    assert response["Content-Type"].startswith("text/calendar")
    assert str(item["SUMMARY"]) == "Roadshow"
    # iCalendar keeps whole seconds.
    assert item.decoded("DTSTART") == event.start.replace(microsecond=0)
    assert item.decoded("DTEND") == event.end.replace(microsecond=0)
    assert str(item["URL"]).endswith(event.get_absolute_url())


def test_calendar_lists_upcoming_published_events_only(client):
    EventFactory(title="Soon", start=days(5))
    EventFactory(title="Past", start=days(-50))
    EventFactory(title="Draft", start=days(5), draft=True)

    calendar = icalendar.Calendar.from_ical(
        client.get("/en/events/calendar.ics").content
    )

    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Soon"]


def test_event_ending_before_it_starts_is_a_form_error(admin_client):
    response = admin_client.post(
        reverse("admin:events_event_add"),
        {
            "title_en": "Backwards",
            "slug": "backwards",
            "kind": "forum",
            "summary_en": "s",
            "description_en": "",
            "tags": "",
            "city_en": "Hangzhou",
            "address_en": "",
            "status": "draft",
            "start_0": "2030-05-06",
            "start_1": "10:00:00",
            "end_0": "2030-05-06",
            "end_1": "09:00:00",
        },
    )

    assert response.status_code == 200
    assert "The event cannot end before it starts." in response.content.decode()
    assert not Event.objects.exists()


def test_home_shows_upcoming_events_only(client):
    EventFactory(title="Forum next week", start=days(7))
    EventFactory(title="Forum last year", start=days(-365))

    body = client.get("/en/").content.decode()

    assert "Forum next week" in body
    assert "Forum last year" not in body


def test_related_articles_follow_publication_at_once(client):
    event = EventFactory(tags=["MICE"])
    article = ArticleFactory(title="Cached story", tags=["MICE"])
    assert "Cached story" in client.get(event.get_absolute_url()).content.decode()

    article.status = "draft"
    article.save()
    hidden = client.get(event.get_absolute_url()).content.decode()
    ArticleFactory(title="Fresh story", tags=["MICE"])
    fresh = client.get(event.get_absolute_url()).content.decode()

    assert "Cached story" not in hidden
    assert "Fresh story" in fresh


def test_with_nothing_upcoming_the_calendar_is_not_offered_and_still_valid(client):
    EventFactory(title="Past", start=days(-50))

    listing = client.get("/en/events/").content.decode()
    calendar = icalendar.Calendar.from_ical(
        client.get("/en/events/calendar.ics").content
    )

    assert "/en/events/calendar.ics" not in listing
    # RFC 5545: a calendar holds at least one component.
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]
    EventFactory(title="Soon", start=days(5))
    assert "/en/events/calendar.ics" in client.get("/en/events/").content.decode()


def test_an_events_uid_is_the_same_whatever_host_served_the_file(client, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    event = EventFactory()

    uids = {
        str(
            icalendar.Calendar.from_ical(
                client.get(event.get_ics_url(), headers={"host": host}).content
            ).walk("VEVENT")[0]["UID"]
        )
        for host in ("127.0.0.1:8200", "localhost:8200")
    }

    assert uids == {f"event-{event.pk}@events.hangzhou-mice"}


def test_calendars_and_feeds_set_no_language_cookie(client, settings):
    event = EventFactory()
    cookie = settings.LANGUAGE_COOKIE_NAME

    files = [event.get_ics_url(), "/zh-hans/events/calendar.ics"]
    files.append("/zh-hans/articles/feed/")
    set_by = {url: cookie in client.get(url).cookies for url in files}

    assert set_by == dict.fromkeys(files, False)
