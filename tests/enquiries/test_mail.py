"""The mails of an enquiry: what they say, to whom, and how they are sent
and retried through the database queue."""

import datetime
import smtplib

import pytest
from django.core import mail as outbox
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from bureau.models import Bureau
from enquiries import mails, tasks
from enquiries.demo import load_enquiries
from enquiries.models import BID_FIELDS, Lead, Mail
from enquiries.services import lead_owner_assign, lead_submit
from enquiries.tasks import mail_send
from tests.factories import AmbassadorFactory, LeadFactory, VenueFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Our treasurer prefers September; please keep this between us."
NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)
WORKING = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
REFUSING = {"default": {"BACKEND": "tests.enquiries.test_mail.RefusingBackend"}}


class RefusingBackend(BaseEmailBackend):
    """A mail server that hangs up on every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def immediate_tasks(settings):
    """Here tasks wait in the database queue, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def bureau():
    record = Bureau.current()
    record.name_en = "Hangzhou Demo Bureau"
    record.name_zh_hans = "杭州示范局"
    record.email = "info@bureau.example"
    record.enquiry_email = "meetings@bureau.example"
    record.phone = "+86 571 0000 0000"
    record.save()
    return record


@pytest.fixture
def submit(bureau, django_capture_on_commit_callbacks):
    """Submit a lead as the form does; the send tasks are queued, not run."""

    def submit_lead(**fields):
        values = {"message": MESSAGE, "wants_site_inspection": True} | fields
        with django_capture_on_commit_callbacks(execute=True):
            return lead_submit(
                lead=LeadFactory.build(**values), client_address="203.0.113.5"
            )

    return submit_lead


def queued():
    """The waiting send tasks, as (mail id, run_after)."""
    rows = DBTaskResult.objects.filter(status="READY").order_by("enqueued_at")
    return [(row.args_kwargs["args"][0], row.run_after) for row in rows]


def run_task(mail, django_capture_on_commit_callbacks):
    """Run the send task as the worker would, queueing what it queues."""
    with django_capture_on_commit_callbacks(execute=True):
        return mail_send.call(mail.pk)


def test_submit_keeps_the_lead_and_queues_one_task_per_mail_by_id(submit):
    lead = submit()

    mails_made = lead.mails.order_by("kind")
    assert [(m.kind, m.recipient, m.status) for m in mails_made] == [
        (Mail.Kind.BUREAU, "meetings@bureau.example", Mail.Status.WAITING),
        (Mail.Kind.CONFIRMATION, lead.email, Mail.Status.WAITING),
    ]
    rows = DBTaskResult.objects.order_by("enqueued_at")
    assert [(row.task_path, row.args_kwargs) for row in rows] == [
        ("enquiries.tasks.mail_send", {"args": [m.pk], "kwargs": {}})
        for m in lead.mails.order_by("pk")
    ]
    assert outbox.outbox == []


def test_confirmation_is_in_the_planners_language_and_leaves_out_their_message(
    submit,
):
    # The record's name and the date formats show the language, whatever
    # the catalogue holds so far.
    expected = {
        "en": ["Dear Ana Lima,", "Hangzhou Demo Bureau", "September 12, 2028"],
        "zh-hans": ["杭州示范局", "2028年9月12日"],
    }
    for language, phrases in expected.items():
        lead = submit(language=language, start_date=datetime.date(2028, 9, 12))
        confirmation = lead.mails.get(kind=Mail.Kind.CONFIRMATION)

        assert confirmation.subject.startswith(f"[{lead.reference}] ")
        for phrase in [*phrases, lead.reference, lead.meeting_name, "800"]:
            assert phrase in confirmation.body, (language, phrase)
        assert "meetings@bureau.example" in confirmation.body
        assert "+86 571 0000 0000" in confirmation.body
        assert "treasurer" not in confirmation.body
        assert "treasurer" not in confirmation.subject


def test_bureau_mail_holds_the_whole_lead_in_the_staff_language(submit, settings):
    settings.ENQUIRY_STAFF_LANGUAGE = "zh-hans"
    venue = VenueFactory(name="Lakeside Hall", name_zh_hans="湖畔厅")
    ambassador = AmbassadorFactory(name="Chen Shifan")
    lead = submit(
        phone="+55 11 5555 0000",
        association="Society of Tea Science",
        venue=venue,
        ambassador=ambassador,
        shares_abroad=True,
    )

    notice = lead.mails.get(kind=Mail.Kind.BUREAU)

    assert notice.subject.startswith(f"[{lead.reference}] ")
    assert lead.meeting_name in notice.subject
    for value in (
        MESSAGE,
        lead.email,
        "+55 11 5555 0000",
        "Brazil",
        "湖畔厅",  # the venue's name in the staff language
        "Chen Shifan",
        "Society of Tea Science",
        f"/admin/enquiries/lead/{lead.pk}/change/",
    ):
        assert value in notice.body, value
    with translation.override("zh-hans"):
        for name in mails.STAFF_SECTIONS[-1][1]:  # the consents, each a line
            field = Lead._meta.get_field(name)
            assert mails.labelled(lead, field.name) in notice.body, name


def test_staff_mails_list_every_field_a_planner_fills_in():
    listed = {name for _heading, names in mails.STAFF_SECTIONS for name in names}
    internal = {"id", "created_at", "updated_at", "reference", "status", "owner"}
    internal |= set(BID_FIELDS)
    fields = {f.name for f in Lead._meta.concrete_fields} - internal - {"message"}

    assert fields - listed == set()


def test_admin_link_is_absolute_when_the_site_address_is_set(submit, settings):
    settings.SITE_URL = "https://mice.example.org"

    lead = submit()

    notice = lead.mails.get(kind=Mail.Kind.BUREAU)
    link = f"https://mice.example.org/admin/enquiries/lead/{lead.pk}/change/"
    assert link in notice.body


def test_bureau_mail_goes_to_the_enquiry_address_else_general_else_admins(
    submit, bureau, settings
):
    settings.ADMINS = ["Duty <duty@example.org>", "ops@example.org"]
    cases = [
        ("meetings@bureau.example", "info@bureau.example", ["meetings@bureau.example"]),
        ("", "info@bureau.example", ["info@bureau.example"]),
        ("", "", ["duty@example.org", "ops@example.org"]),
    ]
    for enquiry_email, email, expected in cases:
        Bureau.objects.filter(pk=bureau.pk).update(
            enquiry_email=enquiry_email, email=email
        )
        lead = submit()
        notices = lead.mails.filter(kind=Mail.Kind.BUREAU).order_by("pk")
        assert [m.recipient for m in notices] == expected


def test_mails_are_sent_from_the_site_with_the_right_reply_to(
    submit, settings, django_capture_on_commit_callbacks
):
    settings.DEFAULT_FROM_EMAIL = "noreply@mice.example.org"
    lead = submit(email="ana@example.org")

    for sent in lead.mails.order_by("kind"):
        run_task(sent, django_capture_on_commit_callbacks)

    assert [(m.to, m.reply_to, m.from_email) for m in outbox.outbox] == [
        (["meetings@bureau.example"], ["ana@example.org"], "noreply@mice.example.org"),
        (["ana@example.org"], ["meetings@bureau.example"], "noreply@mice.example.org"),
    ]
    assert [m.subject for m in outbox.outbox] == [
        m.subject for m in lead.mails.order_by("kind")
    ]


def test_a_sent_mail_is_marked_and_never_sent_twice(
    submit, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(NOW, tick=False)
    confirmation = submit().mails.get(kind=Mail.Kind.CONFIRMATION)

    first = run_task(confirmation, django_capture_on_commit_callbacks)
    second = run_task(confirmation, django_capture_on_commit_callbacks)

    confirmation.refresh_from_db()
    assert (first, second) == (Mail.Status.SENT, Mail.Status.SENT)
    assert (confirmation.status, confirmation.sent_at) == (Mail.Status.SENT, NOW)
    assert len(outbox.outbox) == 1


def test_a_refused_mail_waits_and_is_sent_by_its_retry_a_minute_later(
    submit, settings, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(NOW, tick=False)
    lead = submit()
    notice = lead.mails.get(kind=Mail.Kind.BUREAU)
    DBTaskResult.objects.all().delete()  # the first runs, done by hand here
    settings.MAILERS = REFUSING

    run_task(notice, django_capture_on_commit_callbacks)

    notice.refresh_from_db()
    retry_at = NOW + datetime.timedelta(minutes=1)
    assert (notice.status, notice.attempts) == (Mail.Status.WAITING, 1)
    assert notice.last_error == "SMTPServerDisconnected"
    assert notice.next_attempt_at == retry_at
    assert queued() == [(notice.pk, retry_at)]
    assert not DBTaskResult.objects.ready().exists()  # not before its time
    assert Lead.objects.get(pk=lead.pk).updated_at == lead.updated_at

    settings.MAILERS = WORKING
    run_task(notice, django_capture_on_commit_callbacks)  # a stray early run
    assert Mail.objects.get(pk=notice.pk).status == Mail.Status.WAITING
    time_machine.move_to(retry_at, tick=False)
    (row,) = DBTaskResult.objects.ready()
    row.task.call(*row.args_kwargs["args"])

    notice.refresh_from_db()
    assert (notice.status, notice.sent_at, notice.attempts) == (
        Mail.Status.SENT,
        retry_at,
        1,
    )
    assert [m.to for m in outbox.outbox] == [["meetings@bureau.example"]]


def test_retries_back_off_doubling_and_the_last_refusal_is_undelivered(
    submit, settings, time_machine, django_capture_on_commit_callbacks
):
    settings.ENQUIRY_MAIL_ATTEMPTS = 4
    time_machine.move_to(NOW, tick=False)
    lead = submit()
    notice = lead.mails.get(kind=Mail.Kind.BUREAU)
    DBTaskResult.objects.all().delete()
    settings.MAILERS = REFUSING
    delays = []

    for _attempt in range(4):
        run_task(notice, django_capture_on_commit_callbacks)
        notice.refresh_from_db()
        if notice.next_attempt_at:
            delays.append(notice.next_attempt_at - timezone.now())
            time_machine.move_to(notice.next_attempt_at, tick=False)

    minutes = [int(delay.total_seconds() // 60) for delay in delays]
    assert minutes == [1, 2, 4]
    assert (notice.status, notice.attempts) == (Mail.Status.UNDELIVERED, 4)
    assert notice.next_attempt_at is None
    assert len(queued()) == 3  # the retries of attempts 1 to 3, none after
    assert Lead.objects.filter(pk=lead.pk).exists()


def test_retries_are_at_most_six_hours_apart(
    submit, settings, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(NOW, tick=False)
    notice = submit().mails.get(kind=Mail.Kind.BUREAU)
    Mail.objects.filter(pk=notice.pk).update(attempts=12)
    settings.ENQUIRY_MAIL_ATTEMPTS = 20
    settings.MAILERS = REFUSING

    run_task(notice, django_capture_on_commit_callbacks)

    notice.refresh_from_db()
    assert notice.next_attempt_at == NOW + datetime.timedelta(hours=6)


def test_a_new_owner_is_written_to_in_the_staff_language(
    submit, django_user_model, settings, django_capture_on_commit_callbacks
):
    settings.ENQUIRY_STAFF_LANGUAGE = "zh-hans"
    lead = submit()
    mei = django_user_model.objects.create_user("mei", email="mei@bureau.example")
    nobody = django_user_model.objects.create_user("nobody", email="")

    with django_capture_on_commit_callbacks(execute=True):
        written = lead_owner_assign(lead=lead, owner=mei)
        silent = lead_owner_assign(lead=lead, owner=nobody)

    assert (written.kind, written.recipient) == (Mail.Kind.OWNER, "mei@bureau.example")
    assert written.subject.startswith(f"[{lead.reference}] ")
    assert MESSAGE in written.body
    assert silent is None
    assert Lead.objects.get(pk=lead.pk).owner == nobody
    assert lead.mails.filter(kind=Mail.Kind.OWNER).count() == 1
    assert queued()[-1][0] == written.pk


def test_the_error_kept_is_the_servers_answer_or_the_reason_never_the_text():
    refusals = {
        "SMTPAuthenticationError: 535 5.7.8 Bad credentials": (
            smtplib.SMTPAuthenticationError(535, b"5.7.8 Bad credentials")
        ),
        "ConnectionRefusedError: Connection refused": ConnectionRefusedError(
            111, "Connection refused"
        ),
        "SMTPRecipientsRefused": smtplib.SMTPRecipientsRefused(
            {"ana@example.org": (550, b"No such user")}
        ),
        "ValueError": ValueError("Header values can't contain newlines: ana@"),
        "TimeoutError": TimeoutError("timed out talking to user:secret@smtp"),
    }

    described = {tasks.describe(error): error for error in refusals.values()}

    assert list(described) == list(refusals)


def test_demo_leads_load_once_with_their_mails_stored_as_sent(bureau):
    VenueFactory(name="Qiantang Demo Expo", slug="qiantang-demo-expo-centre")
    AmbassadorFactory(name="Chen Shifan")

    counts = [load_enquiries(), load_enquiries()]

    assert counts == [4, 4]
    assert sorted(Lead.objects.values_list("language", flat=True)) == [
        "en",
        "en",
        "zh-hans",
        "zh-hans",
    ]
    asking = Lead.objects.get(wants_ambassador=True)
    assert (asking.venue.slug, asking.ambassador.name) == (
        "qiantang-demo-expo-centre",
        "Chen Shifan",
    )
    assert set(Mail.objects.values_list("status", flat=True)) == {Mail.Status.SENT}
    assert Mail.objects.count() == 8
    assert outbox.outbox == []
    assert not DBTaskResult.objects.exists()
    confirmations = Mail.objects.filter(kind=Mail.Kind.CONFIRMATION)
    for confirmation in confirmations.exclude(lead__message=""):
        assert confirmation.lead.message not in confirmation.body
