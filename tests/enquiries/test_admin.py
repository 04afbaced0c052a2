"""Leads in the admin: who may see and export them, with a second factor."""

import pytest
from django_tasks_db.models import DBTaskResult

from enquiries.models import Lead, Mail
from hangzhou_mice.roles import BID_TEAM, BUREAU_ADMIN, EDITOR, EVENT_STAFF

pytestmark = pytest.mark.django_db
LIST = "/admin/enquiries/lead/"


def lead(**fields):
    values = {
        "language": "en",
        "name": "Ana Lima",
        "organisation": "Society of Tea Science",
        "email": "ana@example.org",
        "country": "Brazil",
        "meeting_name": "World Tea Congress",
        "kind": Lead.Kind.CONGRESS,
        "delegates": 800,
        "privacy_notice_version": 2,
    }
    return Lead.objects.create(**values | fields)


def what_each_role_gets(client, staff_member):
    enquiry = lead()
    outcome = {}
    for role in (EDITOR, EVENT_STAFF, BID_TEAM, BUREAU_ADMIN, None):
        if role:
            staff_member(role, username=role)
        else:  # may read leads, not export them
            staff_member(None, "view_lead", "view_mail", username="reader")
        listed = client.get(LIST)
        shown = client.get(f"{LIST}{enquiry.pk}/change/").status_code
        exported = client.post(
            LIST, {"action": "export_csv", "_selected_action": [enquiry.pk]}
        )
        outcome[role] = (
            listed.status_code,
            shown,
            exported.status_code,
            exported.get("Content-Type", "").split(";")[0],
        )
    return outcome


def test_only_the_bid_team_and_bureau_admins_see_and_export_leads(client, staff_member):
    csv = (200, 200, 200, "text/csv")
    assert what_each_role_gets(client, staff_member) == {
        EDITOR: (403, 403, 403, "text/html"),
        EVENT_STAFF: (403, 403, 403, "text/html"),
        BID_TEAM: csv,
        BUREAU_ADMIN: csv,
        None: (200, 200, 200, "text/html"),  # the list again, nothing exported
    }


def test_the_export_holds_the_selected_leads(client, staff_member):
    staff_member(BID_TEAM)
    chosen = lead(meeting_name="World Tea Congress")
    lead(meeting_name="Other Congress", email="other@example.org")

    response = client.post(
        LIST, {"action": "export_csv", "_selected_action": [chosen.pk]}
    )

    text = b"".join(response.streaming_content).decode()
    assert chosen.reference in text and "World Tea Congress" in text
    assert "Other Congress" not in text


def test_viewing_or_exporting_leads_asks_for_a_second_factor(
    client, staff_member, settings
):
    settings.REQUIRE_STAFF_2FA = True
    enquiry = lead()

    staff_member(None, "view_lead", username="reader")
    listed = client.get(LIST)
    staff_member(None, "export_lead", username="exporter")
    exported = client.post(
        LIST, {"action": "export_csv", "_selected_action": [enquiry.pk]}
    )

    assert (listed.status_code, exported.status_code) == (302, 302)
    assert listed["Location"].startswith("/admin/2fa/setup/")
    assert exported["Location"].startswith("/admin/2fa/setup/")


def test_the_list_flags_leads_with_undelivered_mail(client, staff_member):
    staff_member(BID_TEAM)
    stuck = lead(meeting_name="Stuck Congress")
    stuck.mails.create(
        kind="bureau", recipient="x@example.org", subject="s", body="b",
        status="undelivered",
    )  # fmt: skip
    stuck.mails.create(
        kind="confirmation", recipient="y@example.org", subject="s", body="b"
    )

    html = client.get(LIST).content.decode()

    row = html[html.index("Stuck Congress") :]
    assert '<td class="field-undelivered">1</td>' in row[: row.index("</tr>")]


def test_a_lead_is_given_only_to_someone_who_may_work_on_leads(
    client, staff_member, django_user_model
):
    enquiry = lead()
    staff_member("Editor", username="writer")
    staff_member(BUREAU_ADMIN, username="chief")
    staff_member(BID_TEAM, username="bidder")

    form = client.get(f"{LIST}{enquiry.pk}/change/").context["adminform"].form

    owners = form.fields["owner"].queryset.values_list("username", flat=True)
    assert list(owners) == ["bidder", "chief"]


def test_undelivered_mails_are_sent_again_from_a_first_attempt(
    client, staff_member, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    staff_member(BID_TEAM)
    enquiry = lead()
    stuck = enquiry.mails.create(
        kind="bureau", recipient="x@example.org", subject="s", body="b",
        status="undelivered", attempts=8, last_error="421 busy",
    )  # fmt: skip
    sent = enquiry.mails.create(
        kind="confirmation", recipient="y@example.org", subject="s", body="b",
        status="sent",
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            LIST,
            {"action": "retry_mails", "_selected_action": [enquiry.pk]},
            follow=True,
        )

    stuck.refresh_from_db()
    queued = [row.args_kwargs["args"] for row in DBTaskResult.objects.all()]
    assert (stuck.status, stuck.attempts, stuck.last_error) == ("waiting", 0, "")
    assert queued == [[stuck.pk]]
    assert Mail.objects.get(pk=sent.pk).status == "sent"
    assert "1 mail will be sent again." in response.content.decode()
