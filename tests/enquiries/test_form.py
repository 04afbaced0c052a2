import datetime
import re

import pytest
from django.core import signing
from pytest_django.asserts import assertContains, assertInHTML, assertNotContains

from bureau import privacy
from bureau.models import Bureau
from enquiries import services
from enquiries.models import Lead
from events.models import MeetingRoom
from tests.factories import AmbassadorFactory, EventFactory, VenueFactory

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
TODAY = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=SHANGHAI)
VALID = {
    "name": "Dr Ana Ruiz",
    "organisation": "European Society of Limnology",
    "email": "ana.ruiz@example.org",
    "country": "Spain",
    "meeting_name": "Congress of Limnology 2027",
    "kind": "congress",
    "rotation": "international",
    "year": "2027",
    "delegates": "1,200",
    "layout": "theatre",
    "privacy": "on",
}


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(TODAY, tick=False)


def enquire(client, *, language="en", query="", address="127.0.0.1", **changes):
    """Post VALID with `changes` (None leaves a field out) from `address`."""
    data = {k: v for k, v in (VALID | changes).items() if v is not None}
    return client.post(f"/{language}/enquire/{query}", data, REMOTE_ADDR=address)


def venue_with_room(*, theatre, guest_rooms=0, banquet=None, **kwargs):
    venue = VenueFactory(guest_rooms=guest_rooms, **kwargs)
    MeetingRoom.objects.create(
        venue=venue, name="Hall", area_m2=2000, theatre=theatre, banquet=banquet
    )
    return venue


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_valid_enquiry_keeps_one_lead_and_writes_to_bureau_and_planner(
    client, language
):
    Bureau.objects.filter(pk=Bureau.ID).update(enquiry_email="bids@bureau.example")
    response = enquire(client, language=language)

    lead = Lead.objects.get()
    assert lead.language == language
    assert lead.privacy_notice_version == privacy.VERSION
    assert lead.delegates == 1200
    assert sorted(lead.mails.values_list("kind", flat=True)) == [
        "bureau",
        "confirmation",
    ]
    assert response.status_code == 302
    assert response["Location"].startswith(f"/{language}/enquire/sent/")


def test_enquiry_is_submitted_with_the_client_address(client, monkeypatch, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    submitted = []

    def record(*, lead, client_address):
        submitted.append(client_address)
        lead.save()
        return lead

    monkeypatch.setattr(services, "lead_submit", record)
    client.post(
        "/en/enquire/",
        VALID,
        REMOTE_ADDR="10.0.0.2",  # the site's own proxy
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )

    assert submitted == ["203.0.113.9"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_sent_page_shows_the_reference_and_the_venues_that_fit(
    client, language, django_assert_max_num_queries
):
    fits = venue_with_room(theatre=1200, guest_rooms=400, name="Fits Hotel")
    others = [
        venue_with_room(theatre=1199, guest_rooms=400, name="Small Hall Hotel"),
        venue_with_room(theatre=1500, guest_rooms=399, name="Few Rooms Hotel"),
        venue_with_room(theatre=1500, guest_rooms=400, name="Draft Hotel", draft=True),
    ]

    response = enquire(client, language=language, peak_rooms="400")
    with django_assert_max_num_queries(8):
        page = client.get(response["Location"])

    lead = Lead.objects.get()
    assertInHTML(f'<code class="reference">{lead.reference}</code>', page.text)
    assertContains(page, fits.name)
    for venue in others:
        assertNotContains(page, venue.name)
    assertNotContains(page, lead.name)
    assertNotContains(page, lead.email)


def test_venues_that_fit_seat_the_largest_session_in_its_layout(client):
    fits = venue_with_room(theatre=100, banquet=300, name="Banquet Hall Hotel")
    too_small = venue_with_room(theatre=900, banquet=299, name="Small Banquet Hotel")

    response = enquire(client, largest_room="300", layout="banquet")
    page = client.get(response["Location"])

    assertContains(page, fits.name)
    assertNotContains(page, too_small.name)


def test_sent_page_says_when_no_venue_fits_and_links_to_the_finder(client):
    venue_with_room(theatre=1199, name="Small Hall Hotel")

    page = client.get(enquire(client)["Location"])

    assertContains(page, "None of the venues we list has all of that.")
    assertContains(page, 'href="/en/venues/"')


def test_invalid_enquiry_shows_each_error_beside_its_field_and_keeps_nothing(client):
    rows = [
        ("name", {"name": ""}, "Enter your name."),
        ("email", {"email": "ana.example.org"}, "Enter a valid email address."),
        ("kind", {"kind": None}, "Choose the kind of meeting."),
        ("delegates", {"delegates": ""}, "Enter the number of delegates you expect."),
        ("delegates", {"delegates": "0"}, "Enter at least 1 delegate."),
        ("delegates", {"delegates": "100001"}, "Enter at most 100000 delegates."),
        ("year", {"year": "2025"}, "This year has passed."),
        (
            "start_date",
            {"start_date": "2026-05-31", "year": ""},
            "This day has passed.",
        ),
        (
            "year",
            {"year": ""},
            "Give a year or the first day, even if it may change; then tick "
            "“The dates are flexible”.",
        ),
        ("start_date", {"end_date": "2027-05-14"}, "Give the first day too."),
        (
            "end_date",
            {"start_date": "2027-05-12", "end_date": "2027-05-11"},
            "The last day cannot be before the first.",
        ),
        (
            "year",
            {"start_date": "2028-05-12"},
            "This is not the year of the first day.",
        ),
        (
            "largest_room",
            {"delegates": "500", "largest_room": "501"},
            "A session cannot be larger than the expected delegates.",
        ),
        (
            "privacy",
            {"privacy": None},
            "To send your enquiry, agree to the privacy notice.",
        ),
    ]
    for field, changes, message in rows:
        body = enquire(client, **changes).text

        error = f'<ul class="errorlist" id="id_{field}_error"><li>{message}</li></ul>'
        assertInHTML(error, body)
        described = re.search(rf'<[^>]*aria-describedby="[^"]*id_{field}_error', body)
        assert described, field
        control = described.group() + body[described.end() :].split(">", 1)[0]
        assert control.startswith("<fieldset") or 'aria-invalid="true"' in control
        assert Lead.objects.count() == 0, field


def test_invalid_enquiry_in_chinese_says_what_is_wrong_in_chinese(client):
    body = enquire(client, language="zh-hans", email="ana.example.org").text

    assertInHTML(
        '<ul class="errorlist" id="id_email_error">'
        "<li>输入一个有效的 Email 地址。</li></ul>",
        body,
    )
    assert Lead.objects.count() == 0


def test_filled_honeypot_refuses_the_enquiry(client):
    response = enquire(client, website="https://spam.example.com")

    assertContains(response, "a field that must stay empty was filled in")
    assert Lead.objects.count() == 0


def test_refused_enquiry_shows_why_and_keeps_nothing(client, monkeypatch):
    def refuse(*, lead, client_address):
        raise services.EnquiryRefused("Too many enquiries from your network.")

    monkeypatch.setattr(services, "lead_submit", refuse)
    response = enquire(client)

    assertContains(response, "Too many enquiries from your network.")
    assert Lead.objects.count() == 0


def test_venue_in_the_query_string_is_shown_and_kept(client):
    venue = VenueFactory(name="West Lake Hotel")

    page = client.get(f"/en/enquire/?venue={venue.slug}")
    enquire(client, query=f"?venue={venue.slug}")

    assertInHTML(
        f'<li>About: <a href="/en/venues/{venue.slug}/">West Lake Hotel</a></li>',
        page.text,
    )
    assert Lead.objects.get().venue == venue


def test_ambassador_in_the_query_string_ticks_the_introduction_and_is_kept(client):
    ambassador = AmbassadorFactory()

    page = client.get(f"/en/enquire/?ambassador={ambassador.slug}")
    enquire(client, query=f"?ambassador={ambassador.slug}")

    assertContains(
        page, f'Introduction to: <a href="/en/ambassadors/{ambassador.slug}/">'
    )
    assertInHTML(
        '<input type="checkbox" name="wants_ambassador" id="id_wants_ambassador" '
        "checked>",
        page.text,
    )
    assert Lead.objects.get().ambassador == ambassador


def test_event_in_the_query_string_is_shown_and_kept(client):
    event = EventFactory(title="Roadshow in Paris")

    page = client.get(f"/en/enquire/?event={event.slug}")
    enquire(client, query=f"?event={event.slug}")

    assertInHTML(
        f'<li>Event: <a href="/en/events/{event.slug}/">Roadshow in Paris</a></li>',
        page.text,
    )
    assert Lead.objects.get().event == event


def test_unknown_draft_or_inactive_items_in_the_query_string_are_ignored(client):
    queries = [
        "?venue=no-such-venue",
        f"?venue={VenueFactory(draft=True).slug}",
        f"?ambassador={AmbassadorFactory(inactive=True).slug}",
        f"?event={EventFactory(draft=True).slug}",
        "?venue=%00",
        "?event=a/b",
    ]
    # Each from its own address: the limit per address is not under test.
    for number, query in enumerate(queries):
        page = client.get(f"/en/enquire/{query}")
        enquire(client, query=query, address=f"192.0.2.{number}")

        assert page.status_code == 200, query
        assertNotContains(page, "enquiry__about")
        lead = Lead.objects.get()
        assert (lead.venue, lead.ambassador, lead.event) == (None, None, None), query
        lead.delete()


def test_sent_page_with_a_forged_token_is_404(client):
    token = enquire(client)["Location"].split("/")[-2]
    reference = Lead.objects.get().reference
    forged = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        signing.dumps(reference),  # signed, but not for the sent page
        signing.dumps("HZ-3333-3333", salt="enquiries.sent"),  # no such lead
        "not-a-token",
    ]
    assert client.get(f"/en/enquire/sent/{token}/").status_code == 200
    for bad in forged:
        assert client.get(f"/en/enquire/sent/{bad}/").status_code == 404, bad


def test_sent_page_expires_after_a_day(client, time_machine):
    sent = enquire(client)["Location"]

    time_machine.move_to(TODAY + datetime.timedelta(days=1))
    assert client.get(sent).status_code == 200
    time_machine.move_to(TODAY + datetime.timedelta(days=1, seconds=1))
    assert client.get(sent).status_code == 404
