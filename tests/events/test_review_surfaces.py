"""A change to a published event reaches no public page until it is
published: not the page or its cache, the lists, the tag page, search, the
sitemap or the calendars; then it reaches each of them."""

import pytest
from django.urls import reverse

from events.models import Event
from hangzhou_mice import workflow
from tests.articles.test_review_surfaces import person, shows
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

OLD, NEW = "Hangzhou PLUS in Beijing", "Hangzhou PLUS in Tianjin"
OLD_SLUG, NEW_SLUG = "hangzhou-plus-beijing", "hangzhou-plus-tianjin"

# Where a visitor sees the event before and after, and what tells its version.
SURFACES = {
    "page and its cache": (
        f"/en/events/{OLD_SLUG}/",
        f"/en/events/{NEW_SLUG}/",
        OLD,
        NEW,
    ),
    "event list": ("/en/events/", "/en/events/", OLD, NEW),
    "home": ("/en/", "/en/", OLD, NEW),
    "tag page": ("/en/tags/roadshow/", "/en/tags/roadshow/", OLD, NEW),
    "search": ("/en/search/?q=roadshow", "/en/search/?q=roadshow", OLD, NEW),
    "sitemap": ("/sitemap.xml", "/sitemap.xml", OLD_SLUG, NEW_SLUG),
    "event's calendar file": (
        f"/en/events/{OLD_SLUG}.ics",
        f"/en/events/{NEW_SLUG}.ics",
        OLD,
        NEW,
    ),
    "calendar of upcoming events": (
        "/en/events/calendar.ics",
        "/en/events/calendar.ics",
        OLD,
        NEW,
    ),
}


@pytest.fixture
def event(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return EventFactory(title=OLD, slug=OLD_SLUG, tags=["roadshow"])


@pytest.mark.parametrize("surface", SURFACES)
def test_a_change_reaches_no_public_page_until_published_then_each(
    surface, client, event, django_user_model, django_capture_on_commit_callbacks
):
    before, after, old, new = SURFACES[surface]
    assert shows(client, before, old)  # and cached, where pages are

    with django_capture_on_commit_callbacks(execute=True):  # as if committed
        change = Event.objects.get(pk=event.pk)
        change.title, change.slug = NEW, NEW_SLUG
        workflow.change_keep(item=change, tags=["roadshow"])
        for role, step in (("Event staff", "submit"), ("Reviewer", "approve")):
            workflow.perform(
                user=person(django_user_model, role), item=change, name=step
            )

    assert (shows(client, before, old), shows(client, before, new)) == (True, False)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(
            user=person(django_user_model, "Publisher"), item=change, name="publish"
        )

    assert (shows(client, after, old), shows(client, after, new)) == (False, True)


def test_event_staff_change_a_published_event_beside_it_and_submit_it(
    client, event, django_user_model
):
    staff = person(django_user_model, "Event staff")
    url = reverse("admin:events_event_change", args=[event.pk])
    client.force_login(staff)
    form = {
        "title_en": NEW,
        "title_zh_hans": "",
        "slug": OLD_SLUG,
        "kind": event.kind,
        "summary_en": event.summary,
        "summary_zh_hans": "",
        "description_en": "",
        "description_zh_hans": "",
        "tags": "roadshow",
        "start_0": event.start.strftime("%Y-%m-%d"),
        "start_1": event.start.strftime("%H:%M:%S"),
        "end_0": event.end.strftime("%Y-%m-%d"),
        "end_1": event.end.strftime("%H:%M:%S"),
        "city_en": event.city,
        "city_zh_hans": "",
        "address_en": "",
        "address_zh_hans": "",
        "retain_roster_until": "2099-01-01",
        "_workflow": "submit",
    }

    client.post(url, form)

    event.refresh_from_db()
    assert (event.title, event.review) == (OLD, "in_review")
    assert event.pending["title_en"] == NEW
    assert str(event.retain_roster_until) == "2099-01-01"  # bookkeeping: at once
