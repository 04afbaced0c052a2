"""The admin's "Requests about a person" page names every kind of holding."""

import re

import pytest

from events.models import PendingImport, RosterExportJob
from tests.events.test_data_subject import (
    SUBJECT_URL,
    log_change,
    old_lockout,
    sign_ins,
    task_row,
)
from tests.factories import EventFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

SOLO = "solo@example.org"


def roster_entry():
    return ParticipantFactory(event=EventFactory(title="Silk Expo"), email=SOLO)


def export_job(user):
    """A queued export of the roster the person is on."""
    return RosterExportJob.objects.create(
        event=roster_entry().event,
        user=user,
        options={"file_format": "csv", "columns": ["email"], "filters": {}},
        language="en",
    )


def pending_import(user):
    return PendingImport.objects.create(
        event=EventFactory(),
        user=user,
        file_name="late.csv",
        columns={"email": "Email"},
        rows=[[2, {"email": SOLO}]],
    )


def staff_account(user):
    return type(user).objects.create_user("lan", email=SOLO.upper(), is_staff=True)


# What each kind of holding, made alone (as far as it can be), shows:
# the summary's lines, what the confirmation says erasing does, and what
# the message says was done.
KINDS = {
    "sign_ins": (
        lambda user: sign_ins(SOLO),
        ["3 sign-in records that hold this email address"],
        "In sign-in records and audit log entries",
        ["The email address was replaced by its fingerprint in 3 sign-in records."],
    ),
    "audit_entries": (
        lambda user: old_lockout(SOLO),
        ["1 audit log entry that holds this email address"],
        "In sign-in records and audit log entries",
        ["The email address was replaced by its fingerprint in 1 audit log entry."],
    ),
    "task_results": (
        lambda user: task_row(args=[SOLO]),
        ["1 background task record that holds this email address"],
        "These background task records are deleted",
        ["1 background task record cleaned."],
    ),
    "export_jobs": (
        export_job,
        ["1 roster entry", "1 roster export that may contain these roster entries"],
        "The files of these roster exports are deleted",
        ["1 roster entry erased.", "1 roster export withdrawn and its file deleted."],
    ),
    "log_entries": (
        lambda user: log_change(user, roster_entry()),
        ["1 roster entry", "1 admin log entry about these roster entries"],
        "also from the admin log",
        ["1 roster entry erased.", "The name was scrubbed from 1 admin log entry."],
    ),
    "pending_imports": (
        pending_import,
        ["1 roster upload waiting for confirmation that names this email address"],
        "Erasing deletes these uploads whole",
        ["1 waiting roster upload deleted."],
    ),
}
STAFF_ONLY = (
    staff_account,
    ["1 staff account with this email address (never erased here)"],
    "Reported only: staff accounts are never erased here",
    ["1 staff account with this email address was left as it is."],
)


def summary(response):
    """The lines of the list of what is held, in order."""
    body = response.content.decode()
    found = re.search(r'<ul class="holdings">(.*?)</ul>', body, re.DOTALL)
    assert found, "the page lists nothing held"
    return [line.strip() for line in re.findall(r"<li>(.*?)</li>", found[1], re.S)]


def has_step(response, step):
    return f'name="step" value="{step}"' in response.content.decode()


@pytest.mark.parametrize(
    ("make", "lines", "erasable"),
    [(make, lines, True) for make, lines, _, _ in KINDS.values()]
    + [(STAFF_ONLY[0], STAFF_ONLY[1], False)],
    ids=[*KINDS, "staff_accounts"],
)
def test_find_lists_only_the_kinds_held_with_their_counts(
    admin_client, admin_user, make, lines, erasable
):
    make(admin_user)

    response = admin_client.post(SUBJECT_URL, {"email": SOLO})

    assert summary(response) == lines
    assert has_step(response, "download")
    assert has_step(response, "erase") is erasable


@pytest.mark.parametrize(
    ("make", "lines", "consequence"),
    [(make, lines, consequence) for make, lines, consequence, _ in KINDS.values()],
    ids=KINDS,
)
def test_erase_confirmation_counts_each_kind_and_says_what_erasing_does(
    admin_client, admin_user, make, lines, consequence
):
    make(admin_user)

    response = admin_client.post(SUBJECT_URL, {"email": SOLO, "step": "erase"})

    body = response.content.decode()
    assert "Erase what is held under this email address?" in body
    assert summary(response) == lines
    assert consequence in body
    assert "This cannot be undone" in body
    assert has_step(response, "erase") and 'name="confirmed"' in body


def test_confirmation_also_reports_the_staff_account_it_leaves(
    admin_client, admin_user
):
    staff_account(admin_user)
    task_row(traceback=f"SMTP refused {SOLO}")

    response = admin_client.post(SUBJECT_URL, {"email": SOLO, "step": "erase"})

    assert summary(response) == [
        "1 background task record that holds this email address",
        "1 staff account with this email address (never erased here)",
    ]
    assert STAFF_ONLY[2] in response.content.decode()


@pytest.mark.parametrize(
    ("make", "messages"),
    [(make, messages) for make, _, _, messages in KINDS.values()]
    + [(STAFF_ONLY[0], STAFF_ONLY[3])],
    ids=[*KINDS, "staff_accounts"],
)
def test_erase_says_what_was_done_to_each_kind(
    admin_client, admin_user, make, messages
):
    make(admin_user)

    response = admin_client.post(
        SUBJECT_URL, {"email": SOLO, "step": "erase", "confirmed": "yes"}, follow=True
    )

    shown = re.findall(r'<li class="success">(.*?)</li>', response.content.decode())
    assert shown == messages


@pytest.mark.parametrize("step", ["find", "erase"])
def test_nothing_held_says_so_and_offers_no_erasure(admin_client, step):
    sign_ins("someone@example.org")

    response = admin_client.post(SUBJECT_URL, {"email": SOLO, "step": step})

    body = response.content.decode()
    assert "Nothing is held about this email address." in body
    assert 'class="holdings"' not in body
    assert not has_step(response, "erase") and not has_step(response, "download")


def test_erasing_what_is_no_longer_held_says_so(admin_client):
    """The confirmation was sent twice, or someone else erased first."""
    response = admin_client.post(
        SUBJECT_URL, {"email": SOLO, "step": "erase", "confirmed": "yes"}, follow=True
    )

    shown = re.findall(r'<li class="(\w+)">(.*?)</li>', response.content.decode())
    assert shown == [("info", "Nothing is held about this email address.")]
