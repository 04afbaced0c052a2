"""Requests about a person: find, export and erase by email."""

import io
import json
import stat
from urllib.parse import quote_plus

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from django.utils.functional import lazy
from django_tasks_db.models import DBTaskResult, get_date_max

from events import subjects, tasks
from events.models import Participant, PendingImport, RosterExportJob
from hangzhou_mice import audit
from hangzhou_mice.models import AuditEntry
from tests.factories import EventFactory, OrganizationFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

EMAIL = "lan.zhou@example.org"
BAD_INPUT = {
    "empty": "",
    "malformed": "lan.zhou(at)example",
    "very long": "a" * 10_000 + "@example.org",
    "NUL byte": "lan\x00zhou@example.org",
    "emoji": "😀@example.org",
}
SUBJECT_URL = "/admin/events/participant/requests/"


@pytest.fixture
def person():
    """Lan Zhou on two events, a public speaker on one, with other guests."""
    society = OrganizationFactory(name="Zhejiang Society of Lakes")
    entries = [
        ParticipantFactory(
            event=EventFactory(title="Lake Forum"),
            full_name="Lan Zhou",
            chinese_name="周岚",
            email="Lan.Zhou@Example.org",
            phone="+86 571 1234 5678",
            job_title="Limnologist",
            notes="Vegetarian",
            organization=society,
        ),
        ParticipantFactory(
            event=EventFactory(title="Tea Congress", draft=True),
            full_name="Zhou Lan",
            email="LAN.ZHOU@EXAMPLE.ORG",
            phone="+86 571 1234 5678",
            is_public=True,
            category=Participant.Category.SPEAKER,
        ),
    ]
    for entry in entries:
        ParticipantFactory(event=entry.event, full_name="Someone Else")
    return entries


def log_change(user, participant):
    return LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[participant], action_flag=CHANGE, single_object=True
    )


def read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_find_matches_the_email_regardless_of_case_on_every_event(person):
    holdings = subjects.subject_find(email="lAn.ZhOu@example.ORG")

    assert {p.pk for p in holdings.participants} == {p.pk for p in person}
    assert holdings.counts()["events"] == 2


def test_find_reports_staff_accounts_with_that_email(person, django_user_model):
    django_user_model.objects.create_user("lan", email="LAN.zhou@example.org")

    holdings = subjects.subject_find(email=EMAIL)

    assert [a.username for a in holdings.staff_accounts] == ["lan"]


def test_export_command_writes_everything_held_for_the_operator_only(
    person, admin_user, tmp_path
):
    log_change(admin_user, person[0])
    output = tmp_path / "lan.json"

    call_command("data_subject", EMAIL, "--export", str(output), stdout=io.StringIO())

    document = read_json(output)
    entries = {p["event"]["title"]: p for p in document["participants"]}
    assert set(entries) == {"Lake Forum", "Tea Congress"}
    lake = entries["Lake Forum"]
    assert (lake["full_name"], lake["chinese_name"], lake["phone"]) == (
        "Lan Zhou",
        "周岚",
        "+86 571 1234 5678",
    )
    assert lake["organization"] == "Zhejiang Society of Lakes"
    assert [e["object_repr"] for e in document["admin_log"]] == ["Lan Zhou"]
    assert stat.S_IMODE(output.stat().st_mode) == 0o600


def test_export_and_erase_are_audited_without_naming_the_person(person, tmp_path):
    call_command(
        "data_subject",
        EMAIL,
        *("--export", str(tmp_path / "x.json"), "--erase", "--no-input"),
        stdout=io.StringIO(),
    )

    entries = {e.action: e for e in AuditEntry.objects.all()}
    assert set(entries) == {"data_subject.export", "data_subject.erase"}
    for entry in entries.values():
        assert entry.subject == audit.fingerprint(EMAIL)
        assert entry.detail["participants"] == 2
        assert "zhou" not in json.dumps(entry.detail).lower()


def test_erase_leaves_no_trace_of_the_person_in_any_table(person, admin_user):
    log_change(admin_user, person[0])
    before = {e.pk: e.participants.count() for e in (p.event for p in person)}

    call_command("data_subject", EMAIL, "--erase", "--no-input", stdout=io.StringIO())

    dump = io.StringIO()
    call_command("dumpdata", exclude=["auth.user"], stdout=dump)
    for trace in (
        "Lan Zhou",
        "Zhou Lan",
        "周岚",
        "lan.zhou",
        "1234 5678",
        "Vegetarian",
    ):
        assert trace.lower() not in dump.getvalue().lower()
    assert {e.pk: e.participants.count() for e in (p.event for p in person)} == before
    assert Participant.objects.filter(full_name="Someone Else").count() == 2
    assert LogEntry.objects.get().object_repr == "Erased participant"


def test_erase_takes_public_guests_off_the_event_page(person, client):
    speaker = person[1]
    speaker.event.status = "published"
    speaker.event.save()
    assert "Zhou Lan" in client.get(speaker.event.get_absolute_url()).content.decode()

    subjects.subject_erase(email=EMAIL, user=None, via="test")

    page = client.get(speaker.event.get_absolute_url()).content.decode()
    assert "Zhou Lan" not in page and "Erased participant" not in page


def test_erase_never_touches_staff_accounts(person, django_user_model):
    staff = django_user_model.objects.create_user("lan", email=EMAIL, is_staff=True)

    counts = subjects.subject_erase(email=EMAIL, user=None, via="test")

    staff.refresh_from_db()
    assert (staff.email, staff.is_active, counts["staff_accounts"]) == (EMAIL, True, 1)


@pytest.mark.parametrize(("answer", "erased"), [("no", False), ("yes", True)])
def test_erase_command_asks_first(person, monkeypatch, answer, erased):
    monkeypatch.setattr("builtins.input", lambda prompt: answer)

    call_command("data_subject", EMAIL, "--erase", stdout=io.StringIO())

    assert Participant.objects.filter(email__iexact=EMAIL).exists() is not erased
    assert AuditEntry.objects.exists() is erased


def test_command_without_flags_only_reports(person):
    out = io.StringIO()

    call_command("data_subject", EMAIL, stdout=out)

    assert "2 roster entries on 2 events" in out.getvalue()
    assert Participant.objects.filter(email__iexact=EMAIL).count() == 2
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("value", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_command_refuses_bad_input_with_a_message(person, value):
    with pytest.raises(CommandError, match=r"\w"):
        call_command("data_subject", value, "--erase", "--no-input")

    assert Participant.objects.filter(email__iexact=EMAIL).count() == 2
    assert not AuditEntry.objects.exists()


@pytest.fixture
def member(django_user_model, client):
    def log_in(role):
        user = django_user_model.objects.create_user(role, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return client

    return log_in


@pytest.mark.parametrize(
    ("role", "allowed"), [("Event staff", False), ("Bureau admin", True)]
)
def test_only_bureau_admins_handle_requests(member, role, allowed):
    client = member(role)

    changelist = client.get(reverse("admin:events_participant_changelist"))
    page = client.get(SUBJECT_URL)
    erase = client.post(
        SUBJECT_URL, {"email": EMAIL, "step": "erase", "confirmed": "yes"}
    )

    assert ("Requests about a person" in changelist.content.decode()) is allowed
    assert page.status_code == (200 if allowed else 403)
    assert erase.status_code == (302 if allowed else 403)


def more_of_each_kind(user, number):
    """Another roster entry of the person, and more of every kind it brings."""
    event = EventFactory()
    log_change(user, ParticipantFactory(event=event, email=EMAIL.upper()))
    RosterExportJob.objects.create(
        event=event, user=user, options={"file_format": "csv"}, language="en"
    )
    PendingImport.objects.create(
        event=event, user=user, file_name="more.csv", columns={}, rows=[[2, [EMAIL]]]
    )
    sign_ins(EMAIL, address=f"203.0.113.{number}")
    old_lockout(EMAIL)
    task_row(args=[EMAIL])


# Each page shows something read through a relation: the organization, the event.
@pytest.mark.parametrize(
    ("step", "related"),
    [("find", "Zhejiang Society of Lakes"), ("erase", "Lake Forum")],
)
def test_superuser_finds_what_is_held_in_constant_queries(
    admin_client, admin_user, person, step, related, django_assert_max_num_queries
):
    data = {"email": EMAIL, "step": step}
    more_of_each_kind(admin_user, 1)
    admin_client.post(SUBJECT_URL, data)  # warm caches
    # The session, the user, subjects.subject_find's eleven, and two for the
    # holders other apps register (enquiries: the leads, then their mails).
    with django_assert_max_num_queries(15) as few:
        admin_client.post(SUBJECT_URL, data)
    for number in range(2, 7):
        more_of_each_kind(admin_user, number)

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = admin_client.post(SUBJECT_URL, data)

    body = page.content.decode()
    assert "<li>8 roster entries</li>" in body
    assert "<li>18 sign-in records that hold this email address</li>" in body
    assert related in body and "Someone Else" not in body


def test_admin_download_is_a_json_attachment_and_is_audited(admin_client, person):
    response = admin_client.post(SUBJECT_URL, {"email": EMAIL, "step": "download"})

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert EMAIL not in response["Content-Disposition"]
    assert len(json.loads(response.content)["participants"]) == 2
    assert AuditEntry.objects.get().action == "data_subject.export"


def test_admin_erase_asks_for_confirmation_first(admin_client, person):
    response = admin_client.post(SUBJECT_URL, {"email": EMAIL, "step": "erase"})

    body = response.content.decode()
    assert "Erase what is held under this email address?" in body
    assert "<li>2 roster entries</li>" in body
    assert Participant.objects.filter(email__iexact=EMAIL).count() == 2
    assert not AuditEntry.objects.exists()


def test_admin_erase_once_confirmed(admin_client, person):
    response = admin_client.post(
        SUBJECT_URL, {"email": EMAIL, "step": "erase", "confirmed": "yes"}, follow=True
    )

    assert "2 roster entries erased" in response.content.decode()
    assert not Participant.objects.filter(email__iexact=EMAIL).exists()
    assert AuditEntry.objects.get().action == "data_subject.erase"
    again = admin_client.post(SUBJECT_URL, {"email": EMAIL})
    assert "Nothing is held about this email address." in again.content.decode()


@pytest.mark.parametrize("step", ["find", "download", "erase"])
@pytest.mark.parametrize("value", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_admin_answers_bad_input_with_a_message(admin_client, person, value, step):
    data = {"email": value, "step": step, "confirmed": "yes"}

    response = admin_client.post(SUBJECT_URL, data)

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert 'class="errorlist' in response.content.decode()
    assert Participant.objects.filter(email__iexact=EMAIL).count() == 2
    assert not AuditEntry.objects.exists()


def test_erase_scrubs_only_that_persons_log_entries(person, admin_user):
    log_change(admin_user, person[0])
    other = Participant.objects.filter(full_name="Someone Else").first()
    log_change(admin_user, other)

    subjects.subject_erase(email=EMAIL, user=admin_user, via="test")

    participant_type = ContentType.objects.get_for_model(Participant)
    names = LogEntry.objects.filter(content_type=participant_type)
    assert sorted(names.values_list("object_repr", flat=True)) == [
        "Erased participant",
        "Someone Else",
    ]


def test_pending_uploads_naming_the_person_are_found_and_erased(
    person, admin_user, admin_client
):
    def pending(email):
        return PendingImport.objects.create(
            event=person[0].event,
            user=admin_user,
            file_name="delegates.csv",
            columns={"email": "Email"},
            rows=[[2, {"full_name": "Lan Zhou", "email": email}]],
        )

    naming = pending("lan.ZHOU@example.org")
    other = pending("someone@example.org")

    holdings = subjects.subject_find(email=EMAIL)
    assert [p.pk for p in holdings.pending_imports] == [naming.pk]
    page = admin_client.post(SUBJECT_URL, {"email": EMAIL}).content.decode()
    assert "delegates.csv for Lake Forum" in page
    document = subjects.subject_export(email=EMAIL, user=admin_user, via="test")
    assert document["pending_imports"][0]["rows"] == [
        {"full_name": "Lan Zhou", "email": "lan.ZHOU@example.org"}
    ]

    counts = subjects.subject_erase(email=EMAIL, user=admin_user, via="test")

    assert counts["pending_imports"] == 1
    assert list(PendingImport.objects.values_list("pk", flat=True)) == [other.pk]


def test_an_upload_alone_naming_the_person_can_be_erased(admin_client, admin_user):
    event = EventFactory(title="Silk Expo")
    PendingImport.objects.create(
        event=event,
        user=admin_user,
        file_name="late.csv",
        columns={"email": "Email"},
        rows=[[2, {"email": "solo@example.org"}]],
    )

    asked = admin_client.post(
        SUBJECT_URL, {"email": "solo@example.org", "step": "erase"}
    )
    assert "late.csv (Silk Expo)" in asked.content.decode()  # the confirmation page
    admin_client.post(
        SUBJECT_URL,
        {"email": "solo@example.org", "step": "erase", "confirmed": "yes"},
    )
    assert not PendingImport.objects.exists()

    out = io.StringIO()
    call_command("data_subject", "solo@example.org", "--erase", stdout=out)
    assert "Nothing to erase." in out.getvalue()


# Beyond the rosters: sign-in records, audit entries, task rows, export files.

SIGN_IN_MODELS = (AccessAttempt, AccessFailureLog, AccessLog)


def sign_ins(username, address="203.0.113.7", user_agent="Firefox", get_data=""):
    """An attempt, a failure and a login under `username`, as axes writes them."""
    common = {
        "username": username,
        "ip_address": address,
        "user_agent": user_agent,
        "http_accept": "text/html",
        "path_info": "/admin/login/",
    }
    post = "username=********************\npassword=********************"
    return [
        AccessAttempt.objects.create(
            **common, get_data=get_data, post_data=post, failures_since_start=3
        ),
        AccessFailureLog.objects.create(**common),
        AccessLog.objects.create(**common),
    ]


def old_lockout(username):
    """A lockout audit entry as written before usernames were fingerprinted."""
    return AuditEntry.objects.create(
        action="login.locked_out", subject=f"username:{username}"
    )


def task_row(status="SUCCESSFUL", *, args=(), return_value=None, traceback=""):
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": list(args), "kwargs": {}},
        task_path="tests.events.remind",
        backend_name="default",
        run_after=get_date_max(),
        return_value=return_value,
        traceback=traceback,
    )


def finished_job(event, user, folder):
    """A roster export the worker has written, its file in `folder`."""
    job = RosterExportJob.objects.create(
        event=event,
        user=user,
        options={"file_format": "csv", "columns": ["email"], "filters": {}},
        language="zh-hans",
        state=RosterExportJob.State.DONE,
        file_name="roster.csv",
    )
    folder.mkdir(exist_ok=True)
    job.path.write_text("Email\nlan.zhou@example.org\n", encoding="utf-8")
    return job


def test_find_lists_sign_ins_old_lockout_audits_task_rows_and_export_files(
    person, admin_user, settings, tmp_path
):
    settings.ROSTER_EXPORT_DIR = tmp_path
    sign_ins("Lan.Zhou@EXAMPLE.org")
    sign_ins("someone@example.org")
    old_lockout("LAN.ZHOU@example.org")
    old_lockout("someone@example.org")
    task_row(args=["lan.zhou@example.org"])
    task_row(return_value="Sent to LAN.ZHOU@example.org")
    task_row(args=[42])
    finished_job(person[0].event, admin_user, tmp_path)
    finished_job(EventFactory(), admin_user, tmp_path)
    out = io.StringIO()

    call_command("data_subject", EMAIL, stdout=out)

    counts = subjects.subject_find(email=EMAIL).counts()
    assert {name: counts[name] for name in ("sign_ins", "audit_entries")} == {
        "sign_ins": 3,
        "audit_entries": 1,
    }
    assert (counts["task_results"], counts["export_jobs"]) == (2, 1)
    assert (
        "3 sign-in records, 1 audit entries and 2 task results naming the email, "
        "1 roster export jobs of these events" in out.getvalue()
    )


def test_erase_puts_the_fingerprint_in_place_of_the_email_in_logs_kept(person):
    sign_ins("Lan.Zhou@EXAMPLE.org")
    others = sign_ins("someone@example.org")
    old_lockout("LAN.ZHOU@example.org")
    old_lockout("someone@example.org")

    call_command("data_subject", EMAIL, "--erase", "--no-input", stdout=io.StringIO())

    pseudonym = audit.fingerprint(EMAIL)
    for model, other in zip(SIGN_IN_MODELS, others, strict=True):
        assert sorted(model.objects.values_list("username", flat=True)) == sorted(
            [pseudonym, other.username]
        )
    assert AccessAttempt.objects.get(username=pseudonym).failures_since_start == 3
    lockouts = AuditEntry.objects.filter(action="login.locked_out")
    assert sorted(lockouts.values_list("subject", flat=True)) == [
        pseudonym,
        "username:someone@example.org",
    ]


def test_erase_merges_attempts_whose_usernames_share_a_fingerprint(person):
    sign_ins("Lan.Zhou@example.org")
    sign_ins("lan.zhou@EXAMPLE.org")  # same address and browser, other case
    subjects.subject_erase(email=EMAIL, user=None, via="test")
    sign_ins(EMAIL)  # tried again after the erasure

    subjects.subject_erase(email=EMAIL, user=None, via="test")

    (attempt,) = AccessAttempt.objects.all()
    assert (attempt.username, attempt.failures_since_start) == (
        audit.fingerprint(EMAIL),
        9,
    )
    assert AccessFailureLog.objects.filter(username=attempt.username).count() == 3


def test_sign_ins_of_a_staff_account_named_by_the_email_stay_with_it(
    person, django_user_model
):
    django_user_model.objects.create_user(EMAIL, email=EMAIL, is_staff=True)
    sign_ins(EMAIL)

    counts = subjects.subject_erase(email=EMAIL.upper(), user=None, via="test")

    assert counts["sign_ins"] == 0
    for model in SIGN_IN_MODELS:
        assert model.objects.get().username == EMAIL


@pytest.mark.parametrize(
    ("status", "mention", "kept"),
    [
        ("SUCCESSFUL", {"args": ["Lan.Zhou@example.org"]}, False),
        ("SUCCESSFUL", {"return_value": {"to": "lan.zhou@EXAMPLE.org"}}, False),
        ("FAILED", {"traceback": "ValueError: LAN.ZHOU@example.org"}, False),
        ("READY", {"args": ["lan.zhou@example.org"]}, False),
        ("RUNNING", {"args": ["lan.zhou@example.org"]}, True),
    ],
)
def test_erase_cleans_task_rows_that_mention_the_email(person, status, mention, kept):
    row = task_row(status, **mention)
    other = task_row(status, args=["someone@example.org"])

    counts = subjects.subject_erase(email=EMAIL, user=None, via="test")

    assert counts["task_results"] == 1
    remaining = DBTaskResult.objects.filter(pk=row.pk)
    assert remaining.exists() is kept
    if kept:  # a worker holds it: its arguments go, its result comes later
        assert remaining.get().args_kwargs == {"args": [], "kwargs": {}}
    assert DBTaskResult.objects.get(pk=other.pk).args_kwargs["args"] == [
        "someone@example.org"
    ]


def test_erase_withdraws_the_export_files_of_the_persons_rosters(
    person,
    admin_user,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    settings.ROSTER_EXPORT_DIR = tmp_path
    # The message names the language it is rendered in, catalogue or not.
    monkeypatch.setattr(tasks, "WITHDRAWN", lazystr_language())
    theirs = finished_job(person[0].event, admin_user, tmp_path)
    queued = RosterExportJob.objects.create(
        event=person[1].event, user=admin_user, options=theirs.options, language="en"
    )
    other = finished_job(EventFactory(), admin_user, tmp_path)

    with django_capture_on_commit_callbacks(execute=True):
        counts = subjects.subject_erase(email=EMAIL, user=None, via="test")

    assert counts["export_jobs"] == 2
    assert list(tmp_path.iterdir()) == [other.path]
    for job in (theirs, queued):
        job.refresh_from_db()
        assert job.state == RosterExportJob.State.FAILED
    # Told in the language the export was asked in.
    assert (theirs.error, queued.error) == ("zh-hans", "en")


def lazystr_language():
    return lazy(translation.get_language, str)()


def test_sign_ins_alone_can_be_erased(db):
    sign_ins("solo@example.org")
    out = io.StringIO()

    call_command(
        "data_subject", "solo@example.org", "--erase", "--no-input", stdout=out
    )

    assert "3 sign-in records" in out.getvalue()
    assert AccessLog.objects.get().username == audit.fingerprint("solo@example.org")


# Characters LIKE and regular expressions read as patterns must match as text.
@pytest.mark.parametrize("email", ["Lan.Zhou@example.org", "lan+zhou_1%x@example.org"])
def test_erase_takes_the_email_out_of_the_next_url_of_a_staff_login(email):
    """Staff signed out by the time they searched the admin for the person:
    axes kept the search in the login's `next`."""
    staff = sign_ins("mei", get_data=f"next=/admin/?q={quote_plus(email)}&o=1")
    # What the address would match if _ and % in it were LIKE's wildcards.
    lookalike = sign_ins("ana", get_data="next=/admin/?q=lan+zhouZ1--x@example.org")
    assert len(subjects.subject_find(email=email.upper()).sign_ins) == 1

    subjects.subject_erase(email=email.upper(), user=None, via="test")

    pseudonym = audit.fingerprint(email)
    assert [row.get_data for row in AccessAttempt.objects.order_by("pk")] == [
        f"next=/admin/?q={pseudonym}&o=1",
        lookalike[0].get_data,
    ]
    for model, row in zip(SIGN_IN_MODELS, staff, strict=True):
        assert model.objects.get(pk=row.pk).username == "mei"


def test_erase_leaves_addresses_that_only_contain_the_email(person, admin_user):
    """li@ is in wangli@ and in li@….cn: neither is the person asking."""
    for longer in ("wang" + EMAIL, EMAIL + ".cn"):
        PendingImport.objects.create(
            event=person[0].event,
            user=admin_user,
            file_name="others.csv",
            columns={"email": "Email"},
            rows=[[2, {"full_name": "Someone Else", "email": longer}]],
        )
        task_row("READY", args=[longer])
        next_url = "/admin/events/participant/?q=" + quote_plus(longer)
        sign_ins(f"guess-{longer}", get_data=f"next={next_url}")
    kept = {
        "uploads": list(PendingImport.objects.values_list("rows", flat=True)),
        "tasks": list(DBTaskResult.objects.values_list("args_kwargs", flat=True)),
        "attempts": list(AccessAttempt.objects.values_list("get_data", flat=True)),
    }

    counts = subjects.subject_erase(email=EMAIL, user=None, via="test")

    assert (counts["pending_imports"], counts["task_results"], counts["sign_ins"]) == (
        0,
        0,
        0,
    )
    assert kept == {
        "uploads": list(PendingImport.objects.values_list("rows", flat=True)),
        "tasks": list(DBTaskResult.objects.values_list("args_kwargs", flat=True)),
        "attempts": list(AccessAttempt.objects.values_list("get_data", flat=True)),
    }
