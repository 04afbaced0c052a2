"""An erased person is gone from every place the site writes to: the
database as pg_dump sees it, the export folder, the log folder and the task
queue. Backups keep them until they expire (README, "Personal data")."""

import io
import logging
import logging.handlers
import re

import pytest
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import call_command
from django.db import connection
from django.tasks import task
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from hangzhou_mice import tasks as shared_tasks
from hangzhou_mice.models import AuditEntry
from operations.backup import run_client
from operations.logs import JSONFormatter
from tests.events.test_export_jobs import run_worker
from tests.factories import EventFactory, ParticipantFactory

pytestmark = pytest.mark.django_db(transaction=True)

ENQUEUE_ON_COMMIT = shared_tasks.enqueue_on_commit  # before any fixture swaps it
TYPED = "Lan.Zhou@Example.org"  # as the person typed it at the login
# Its address as typed and as a URL carries it, its names and its phone.
TRACES = (
    "lan.zhou@example.org",
    "lan.zhou%40example.org",
    "lan zhou",
    "周岚",
    "+86 571 1234 5678",
)
# Where each trace is before the erasure: the test fails if one is missing.
HOLDING_TABLES = {
    "events_participant",
    "django_admin_log",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "hangzhou_mice_auditentry",
    "django_tasks_database_dbtaskresult",
}


@task()
def remind(email: str) -> str:
    """A task given personal data, as a careless one might be."""
    return f"Reminder sent to {email}"


@pytest.fixture(autouse=True)
def queued(settings, tmp_path, monkeypatch):
    """Queue tasks in the database after the commit, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(shared_tasks, "enqueue_on_commit", ENQUEUE_ON_COMMIT)
    settings.ROSTER_EXPORT_BACKGROUND_ROWS = 2
    settings.ROSTER_EXPORT_DIR = tmp_path / "exports"


@pytest.fixture
def log_dir(settings, tmp_path):
    """requests.log in LOG_DIR, written as settings.py sets it up."""
    settings.LOG_DIR = tmp_path / "log"
    settings.LOG_DIR.mkdir()
    handler = logging.handlers.WatchedFileHandler(
        settings.LOG_DIR / "requests.log", encoding="utf-8"
    )
    handler.setFormatter(JSONFormatter())
    logger = logging.getLogger("hangzhou_mice.requests")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield settings.LOG_DIR
    logger.removeHandler(handler)
    logger.setLevel(level)
    handler.close()


@pytest.fixture
def person(django_user_model):
    """Lan Zhou on two rosters, one of them large enough to export in the
    background, and named in the admin log."""
    lake = EventFactory(title="Lake Forum", slug="lake-forum")
    tea = EventFactory(title="Tea Congress", slug="tea-congress")
    entries = [
        ParticipantFactory(
            event=event,
            full_name="Lan Zhou",
            chinese_name="周岚",
            email=email,
            phone="+86 571 1234 5678",
        )
        for event, email in ((lake, TYPED), (tea, TYPED.upper()))
    ]
    ParticipantFactory.create_batch(3, event=lake)
    admin = django_user_model.objects.create_superuser("root", "root@example.org")
    LogEntry.objects.log_actions(
        user_id=admin.pk, queryset=[entries[0]], action_flag=CHANGE, single_object=True
    )
    return entries


def look_up_and_export(client, event):
    """Search the admin and the site for the person, then export the roster
    in the background; the worker writes the file."""
    assert client.get("/admin/events/participant/", {"q": TYPED}).status_code == 200
    assert client.get("/en/search/", {"q": "Lan Zhou"}).status_code == 200
    columns = ["full_name", "chinese_name", "email", "phone"]
    export_url = reverse("admin:events_event_roster_export", args=[event.pk])
    client.post(export_url, {"file_format": "csv", "columns": columns})
    remind.enqueue(TYPED)
    run_worker()


def fail_logins(client):
    """Staff signed out search for the person and sign in again, wrongly; then
    wrong passwords under the person's email up to the limit: a lock, and its
    audit."""
    search = client.get("/admin/events/participant/", {"q": TYPED})
    client.post(search.url, {"username": "mei", "password": "wrong"})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": TYPED, "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
        )
    # As the lockout audit wrote it before it fingerprinted usernames.
    AuditEntry.objects.create(action="login.locked_out", subject=f"username:{TYPED}")


def dump_by_table():
    """The test database's rows as pg_dump writes them, by table."""
    dump = run_client(
        "pg_dump", connection.settings_dict, "--data-only", "--no-owner"
    ).stdout
    sections = re.split(r"^COPY public\.(\w+) ", dump, flags=re.MULTILINE)
    return dict(zip(sections[1::2], sections[2::2], strict=True))


def tables_holding_traces():
    return {
        table
        for table, rows in dump_by_table().items()
        if any(trace in rows.lower() for trace in TRACES)
    }


def files_holding_traces(folder):
    if not folder.exists():
        return []
    return [
        path.name
        for path in folder.rglob("*")
        if path.is_file()
        and any(trace in path.read_text("utf-8").lower() for trace in TRACES)
    ]


def task_rows_holding_traces():
    return [
        row.task_path
        for row in DBTaskResult.objects.all()
        if any(trace in str(row.__dict__).lower() for trace in TRACES)
    ]


def test_erased_person_is_in_no_dump_export_log_or_task_row(
    person, client, staff_member, log_dir, settings
):
    staff_member("Event staff", username="mei")
    look_up_and_export(client, person[0].event)
    client.logout()
    fail_logins(client)
    assert tables_holding_traces() == HOLDING_TABLES
    assert len(files_holding_traces(settings.ROSTER_EXPORT_DIR)) == 1
    assert set(task_rows_holding_traces()) == {f"{__name__}.remind"}
    requests_log = (log_dir / "requests.log").read_text("utf-8")
    assert "/admin/events/participant/" in requests_log  # the searches were logged
    assert files_holding_traces(log_dir) == []  # ... without their query

    call_command(
        "data_subject", TYPED.lower(), "--erase", "--no-input", stdout=io.StringIO()
    )

    assert tables_holding_traces() == set()
    assert files_holding_traces(settings.ROSTER_EXPORT_DIR) == []
    assert files_holding_traces(log_dir) == []
    assert task_rows_holding_traces() == []
