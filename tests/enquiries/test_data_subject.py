"""Requests about a person (events.subjects) reach their enquiries: the
leads, their mails, and the task rows that sent them."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from bureau.models import Bureau
from enquiries.models import Lead, Mail, Throttle
from enquiries.services import lead_owner_assign, lead_submit
from enquiries.subjects import leads_find
from events import subjects
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

EMAIL = "ana.lima@example.org"


@pytest.fixture
def immediate_tasks(settings):
    """Here the send tasks wait in the database queue, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    Bureau.objects.filter(pk=Bureau.ID).update(enquiry_email="meetings@bureau.example")

    def submit_lead(email, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return lead_submit(
                lead=LeadFactory.build(email=email, **fields),
                client_address="203.0.113.5",
            )

    return submit_lead


def test_erase_blanks_the_persons_leads_takes_mails_and_task_rows_of_no_one_else(
    submit,
):
    theirs = [
        submit("Ana.Lima@Example.org", meeting_name="Tea Congress"),
        submit("ANA.LIMA@example.org", meeting_name="Tea Forum"),
    ]
    other = submit("someone@example.org", meeting_name="Silk Expo")
    other_mails = set(other.mails.values_list("pk", flat=True))

    counts = subjects.subject_erase(email=EMAIL, user=None, via="test")

    assert (counts["leads"], counts["lead_mails"], counts["lead_task_results"]) == (
        2,
        4,
        4,
    )
    kept = Lead.objects.order_by("pk").values_list("meeting_name", "email", "name")
    assert list(kept) == [
        ("Tea Congress", "", ""),
        ("Tea Forum", "", ""),
        ("Silk Expo", "someone@example.org", other.name),
    ]
    assert set(Mail.objects.values_list("pk", flat=True)) == other_mails
    args = sorted(row.args_kwargs["args"][0] for row in DBTaskResult.objects.all())
    assert args == sorted(other_mails)
    assert all(
        lead.erased_at for lead in Lead.objects.filter(pk__in=[t.pk for t in theirs])
    )
    recipients = Throttle.objects.filter(scope=Throttle.Scope.RECIPIENT)
    assert recipients.count() == 1  # someone@'s confirmation count


def test_erase_leaves_mails_of_others_leads_sent_to_the_address(
    submit, django_user_model
):
    # The person is an owner here: the mail about another planner's lead is
    # the bureau's record of that lead, not the person's data.
    lead = submit("someone@example.org")
    owner = django_user_model.objects.create_user("ana", email="Ana.Lima@example.org")
    lead_owner_assign(lead=lead, owner=owner)

    counts = subjects.subject_erase(email=EMAIL, user=None, via="test")

    assert (counts["leads"], counts["lead_mails"]) == (0, 0)
    assert sorted(lead.mails.values_list("kind", flat=True)) == [
        Mail.Kind.BUREAU,
        Mail.Kind.CONFIRMATION,
        Mail.Kind.OWNER,
    ]


def test_export_holds_the_leads_and_their_mails_and_nothing_of_others(
    submit, django_user_model, tmp_path
):
    lead = submit(EMAIL, meeting_name="Tea Congress", message="Quietly, please.")
    others = submit("someone@example.org", message="Not for Ana.")
    owner = django_user_model.objects.create_user("ana", email=EMAIL)
    lead_owner_assign(lead=others, owner=owner)
    output = tmp_path / "ana.json"

    call_command("data_subject", EMAIL, "--export", str(output), stdout=io.StringIO())

    held = json.loads(output.read_text(encoding="utf-8"))["enquiries"]
    assert [
        (e["reference"], e["meeting_name"], e["message"]) for e in held["leads"]
    ] == [(lead.reference, "Tea Congress", "Quietly, please.")]
    assert [(m["lead"], m["kind"], "text" in m) for m in held["mails"]] == [
        (lead.reference, Mail.Kind.BUREAU, True),
        (lead.reference, Mail.Kind.CONFIRMATION, True),
    ]
    assert "Not for Ana." not in output.read_text(encoding="utf-8")


def test_find_counts_the_leads_in_two_queries_whatever_their_number(
    submit, settings, django_assert_num_queries
):
    settings.CONFIRMATIONS_PER_RECIPIENT_PER_HOUR = 10
    submit(EMAIL)
    with django_assert_num_queries(2):
        leads_find(EMAIL)
    for _more in range(3):
        submit(EMAIL.upper())

    with django_assert_num_queries(2):
        held = leads_find(EMAIL)

    assert (len(held.leads), len(held.mails)) == (4, 8)


def test_find_describes_each_kind_held_for_the_admin_page(submit):
    submit(EMAIL)

    holdings = subjects.subject_find(email=EMAIL)

    assert holdings.held_lines == [
        "1 enquiry sent with this email address",
        "2 mails about these enquiries",
        "2 background task records that send these mails",
    ]
    assert holdings.erasable


def test_the_admin_page_lists_the_leads_held_and_says_they_were_erased(
    submit, admin_client
):
    submit(EMAIL)
    url = "/admin/events/participant/requests/"

    page = admin_client.post(url, {"email": EMAIL, "step": "erase"}).content.decode()
    done = admin_client.post(
        url, {"email": EMAIL, "step": "erase", "confirmed": "yes"}, follow=True
    ).content.decode()

    held = re.search(r'<ul class="holdings">(.*?)</ul>', page, re.S)[1]
    assert [line.strip() for line in re.findall(r"<li>(.*?)</li>", held)] == [
        "1 enquiry sent with this email address",
        "2 mails about these enquiries",
        "2 background task records that send these mails",
    ]
    assert re.findall(r'<li class="success">(.*?)</li>', done) == [
        "Erased: 1 enquiry sent with this email address.",
        "Erased: 2 mails about these enquiries.",
        "Erased: 2 background task records that send these mails.",
    ]


def test_the_command_reports_the_leads_held(submit):
    submit(EMAIL)
    out = io.StringIO()

    call_command("data_subject", EMAIL, stdout=out)

    assert out.getvalue().splitlines()[2:] == [
        "Also: 1 enquiry sent with this email address.",
        "Also: 2 mails about these enquiries.",
        "Also: 2 background task records that send these mails.",
    ]
