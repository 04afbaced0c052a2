"""The bid pipeline: a lead's way from enquiry to congress won, lost or
withdrawn, recorded step by step, and what ambassadors' profiles show of it."""

import csv
import datetime
import io
import itertools

import openpyxl
import pytest
from django.db import models

from enquiries.models import Lead, StatusChange
from enquiries.services import lead_status_change, lead_submit
from hangzhou_mice.roles import BID_TEAM
from tests.factories import (
    AmbassadorFactory,
    EventFactory,
    LeadFactory,
    OrganizationFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db
LIST = "/admin/enquiries/lead/"
Status = Lead.Status


def form_values(page):
    """What a browser would post back for an admin page's form as shown."""
    form, data = page.context["adminform"].form, {}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, (list, tuple)):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif isinstance(value, models.Model):
            data[name] = value.pk
        else:
            data[name] = value
    return data


def change(client, lead, **changes):
    """Post the lead's change form with `changes` (None clears a field)."""
    url = f"{LIST}{lead.pk}/change/"
    data = form_values(client.get(url))
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return client.post(url, data)


def test_each_status_change_is_recorded_with_who_and_when(
    client, staff_member, time_machine
):
    time_machine.move_to("2026-03-02 09:00 +08:00", tick=False)
    lead = lead_submit(lead=LeadFactory.build(), client_address="203.0.113.9")
    bidder = staff_member(BID_TEAM, username="bidder")
    time_machine.move_to("2026-04-10 15:30 +08:00", tick=False)
    client.force_login(bidder)  # a day's session
    change(client, lead, status=Status.QUALIFIED, notes="Board meets in May.")
    time_machine.move_to("2026-05-20 11:00 +08:00", tick=False)
    client.force_login(bidder)
    change(client, lead, notes="Site inspection booked.")  # no step
    change(client, lead, status=Status.BID_SUBMITTED)

    steps = [
        (step.previous, step.status, step.by, f"{step.at:%m-%d}")
        for step in lead.status_changes.all()
    ]
    assert steps == [
        ("", Status.NEW, None, "03-02"),
        (Status.NEW, Status.QUALIFIED, bidder, "04-10"),
        (Status.QUALIFIED, Status.BID_SUBMITTED, bidder, "05-20"),
    ]
    lead.refresh_from_db()
    assert lead.status_changed_at == lead.status_changes.last().at
    page = client.get(f"{LIST}{lead.pk}/change/").content.decode()
    assert page.count("bidder") >= 2  # the history is on the lead's page


def test_a_lost_bid_needs_its_reason_in_the_editors_language(client, staff_member):
    lead = LeadFactory(status=Status.BID_SUBMITTED)
    staff_member(BID_TEAM)

    english = change(client, lead, status=Status.LOST)
    client.cookies["django_language"] = "zh-hans"
    chinese = change(client, lead, status=Status.LOST, HTTP_ACCEPT_LANGUAGE="zh")

    assert list(english.context["adminform"].form.errors) == ["lost_reason"]
    assert "Say why the bid was lost." in english.content.decode()
    assert "请说明未能申办成功的原因" in chinese.content.decode()
    lead.refresh_from_db()
    assert (lead.status, lead.status_changes.count()) == (Status.BID_SUBMITTED, 0)


def test_reopening_a_lost_bid_clears_its_reason():
    lead = LeadFactory(status=Status.LOST, lost_reason="cost", lost_to="Kyoto")

    lead_status_change(lead=lead, status=Status.BID_SUBMITTED, by=None)

    lead.refresh_from_db()
    assert (lead.lost_reason, lead.lost_to) == ("", "")


def test_a_won_lead_links_the_event_it_became_and_shows_held_once_it_ended(
    client, staff_member, time_machine
):
    time_machine.move_to("2027-05-01 12:00 +08:00", tick=False)
    event = EventFactory(
        title="Tea Congress 2027",
        start=datetime.datetime(2027, 5, 10, 9, tzinfo=datetime.UTC),
        end=datetime.datetime(2027, 5, 12, 9, tzinfo=datetime.UTC),
    )
    lead = LeadFactory(status=Status.BID_SUBMITTED)
    user = staff_member(BID_TEAM)

    refused = change(client, lead, won_event=event.pk)
    change(client, lead, status=Status.WON, won_event=event.pk)
    before = client.get(LIST).content.decode()
    time_machine.move_to("2027-05-12 09:00 +00:00", tick=False)
    client.force_login(user)
    after = client.get(LIST).content.decode()

    assert refused.context["adminform"].form.errors == {
        "won_event": ["Only a won bid becomes an event: set the status to won."]
    }
    lead.refresh_from_db()
    assert (lead.status, lead.won_event) == (Status.WON, event)
    assert list(event.leads_won.all()) == [lead]
    assert "Won, held" not in before and "Won, held" in after


def test_the_profile_shows_won_meetings_and_chosen_bids_never_lost_or_withdrawn(
    client,
):
    ambassador = AmbassadorFactory()
    for status, shown in itertools.product(Status, Lead.OnProfile):
        LeadFactory(
            ambassador=ambassador,
            status=status,
            on_profile=shown,
            lost_reason="cost" if status == Status.LOST else "",
            meeting_name=f"{status} {shown}",
        )

    response = client.get(ambassador.get_absolute_url())

    listed = {c.meeting for c in response.context["secured"] + response.context["bids"]}
    assert listed == {
        "won when_won",
        "won while_bidding",
        "bid_submitted while_bidding",
    }
    assert [c.meeting for c in response.context["bids"]] == [
        "bid_submitted while_bidding"
    ]


def test_the_profile_lists_meetings_with_association_delegates_and_state(
    client, time_machine
):
    time_machine.move_to("2026-06-01 12:00 +08:00", tick=False)
    ambassador = AmbassadorFactory()
    held = EventFactory(
        start=datetime.datetime(2024, 9, 1, tzinfo=datetime.UTC),
        end=datetime.datetime(2024, 9, 3, tzinfo=datetime.UTC),
    )
    won = {"ambassador": ambassador, "status": Status.WON}
    LeadFactory(
        meeting_name="Congress of Optics",
        organization=OrganizationFactory(
            name="Optical Society", name_zh_hans="光学学会"
        ),
        year=2024,
        delegates=1200,
        won_event=held,
        **won,
    )
    LeadFactory(
        meeting_name="Tea Forum", association="Tea Society", delegates=450, **won
    )
    LeadFactory(
        ambassador=ambassador,
        meeting_name="Example Sciences Congress",
        delegates=800,
        status=Status.BID_SUBMITTED,
        on_profile=Lead.OnProfile.WHILE_BIDDING,
    )

    held_url = held.get_absolute_url()
    body = client.get(ambassador.get_absolute_url()).content.decode()
    chinese = client.get(
        ambassador.get_absolute_url().replace("/en/", "/zh-hans/")
    ).content.decode()

    won_part, bids = body.split("Bids in progress")
    assert "Meetings brought to Hangzhou" in won_part
    assert f'<a href="{held_url}">{held.title}</a>' in won_part
    assert "Optical Society · 1200 delegates · " in won_part and "Held" in won_part
    assert "Tea Society · 450 delegates expected" in won_part and "Won" in won_part
    assert "Example Sciences Congress" in bids and "800 delegates expected" in bids
    assert "Bidding" in bids
    assert "光学学会" in chinese


def test_the_profile_links_a_meetings_event_only_when_published(client):
    ambassador = AmbassadorFactory()
    live, draft = EventFactory(), EventFactory(draft=True)
    won = {"ambassador": ambassador, "status": Status.WON}
    LeadFactory(meeting_name="Live congress", won_event=live, **won)
    LeadFactory(meeting_name="Draft congress", won_event=draft, **won)

    body = client.get(ambassador.get_absolute_url()).content.decode()

    assert f'<a href="{live.get_absolute_url()}">{live.title}</a>' in body
    assert "Draft congress" in body
    assert draft.get_absolute_url() not in body


def test_icca_qualification_follows_iccas_rule():
    cases = itertools.product(
        Lead.Kind.values,
        (49, 50),
        Lead.Frequency.values,
        Lead.Rotation.values,
        (None, 2, 3),
    )
    Lead.objects.bulk_create(
        LeadFactory.build(
            kind=kind,
            delegates=delegates,
            frequency=frequency,
            rotation=rotation,
            rotation_countries=countries,
        )
        for kind, delegates, frequency, rotation, countries in cases
    )

    def rule(lead):
        return (
            lead.kind == "congress"
            and lead.delegates >= 50
            and lead.frequency not in ("once", "unknown")
            and lead.rotation in ("international", "regional")
            and (lead.rotation_countries or 0) >= 3
        )

    leads = list(Lead.objects.all())
    assert len(leads) == 5 * 2 * 7 * 5 * 3
    assert [lead.qualifies_icca for lead in leads] == [rule(lead) for lead in leads]
    assert sum(lead.qualifies_icca for lead in leads) == 2 * 5  # not a constant


def test_a_form_lead_knows_its_source(rf):
    roadshow = EventFactory(kind="roadshow")
    forum = EventFactory(kind="forum")
    venue = VenueFactory()
    ambassador = AmbassadorFactory()
    sources = []
    for prefill in (
        {},
        {"venue": venue, "ambassador": ambassador},
        {"ambassador": ambassador},
        {"event": roadshow},
        {"event": forum},
    ):
        lead = lead_submit(
            lead=LeadFactory.build(**prefill), client_address="203.0.113.7"
        )
        sources.append(lead.source)

    assert sources == ["form", "venue", "ambassador", "roadshow", "event"]


def test_the_bid_team_adds_a_lead_the_bureau_found(client, staff_member):
    user = staff_member(BID_TEAM)
    data = form_values(client.get(f"{LIST}add/")) | {
        "language": "en",
        "meeting_name": "Asia-Pacific Congress of Example Optics",
        "association": "Example Optics Society",
        "kind": "congress",
        "delegates": "900",
        "status": Status.QUALIFIED,
    }

    response = client.post(f"{LIST}add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    lead = Lead.objects.get()
    assert (lead.source, lead.name, lead.mails.count()) == ("bureau", "", 0)
    assert [(s.status, s.by) for s in lead.status_changes.all()] == [
        (Status.QUALIFIED, user)
    ]


def test_the_lead_export_guards_formulas_and_needs_its_permission(client, staff_member):
    hostile = '=HYPERLINK("http://x.test","open")'
    lead = LeadFactory(
        meeting_name=hostile, notes="@cmd", status=Status.LOST, lost_reason="access"
    )
    selected = {"_selected_action": [lead.pk]}
    staff_member(None, "view_lead", username="reader")
    refused = client.post(LIST, {"action": "export_csv", **selected})
    staff_member(BID_TEAM)

    text = b"".join(
        client.post(LIST, {"action": "export_csv", **selected}).streaming_content
    ).decode()
    workbook = client.post(LIST, {"action": "export_xlsx", **selected})

    assert refused["Content-Type"].startswith("text/html")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0]["Meeting"] == "'" + hostile
    assert rows[0]["Reason lost"] == "Flights, visas or travel time"
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(workbook))).active
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_the_ambassadors_admin_shows_the_meetings_on_the_profile(admin_client):
    ambassador = AmbassadorFactory()
    LeadFactory(ambassador=ambassador, status=Status.WON, meeting_name="Tea Forum")
    LeadFactory(ambassador=ambassador, status=Status.QUALIFIED, meeting_name="Quiet")

    page = admin_client.get(
        f"/admin/ambassadors/ambassador/{ambassador.pk}/change/"
    ).content.decode()

    assert "Tea Forum (2028) · Won" in page and "Quiet" not in page


def test_history_is_read_only_for_everyone(admin_client):
    lead = LeadFactory()
    StatusChange.objects.create(lead=lead, status=Status.NEW)

    assert admin_client.get("/admin/enquiries/statuschange/").status_code == 404
