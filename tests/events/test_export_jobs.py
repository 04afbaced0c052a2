"""Roster exports above ROSTER_EXPORT_BACKGROUND_ROWS, written by the worker."""

import datetime
import io
import os
import signal
import stat
import urllib.error
import urllib.request
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
import time_machine
from botocore.config import Config
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from config.settings.media import private_storage
from events import tasks
from events.exporters import CSVExporter, XLSXExporter
from events.models import Participant, RosterExport, RosterExportJob
from events.models.export_jobs import export_dir
from hangzhou_mice import tasks as shared_tasks
from hangzhou_mice.roles import BUREAU_ADMIN, EDITOR, EVENT_STAFF
from tests.factories import EventFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

THRESHOLD = 5
ENQUEUE_ON_COMMIT = shared_tasks.enqueue_on_commit  # before any fixture swaps it
LOG_FIELDS = ("user", "username", "event", "event_title", "format", "filters")
LOG_FIELDS += ("row_count", "source")


@pytest.fixture(autouse=True)
def queued(settings, tmp_path, monkeypatch):
    """Queue tasks in the database after the commit, as in production, with a
    low threshold."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(shared_tasks, "enqueue_on_commit", ENQUEUE_ON_COMMIT)
    settings.ROSTER_EXPORT_BACKGROUND_ROWS = THRESHOLD
    settings.ROSTER_EXPORT_DIR = tmp_path / "exports"


@pytest.fixture
def event():
    return EventFactory(title="Asia Congress", slug="asia-congress")


@pytest.fixture
def large(event):
    ParticipantFactory(event=event, full_name="Tian Mei", chinese_name="田梅")
    ParticipantFactory(event=event, job_title="=1+1", checked_in_at=timezone.now())
    ParticipantFactory(event=event, notes='Said "hi",\nthen left', is_public=True)
    ParticipantFactory.create_batch(THRESHOLD, event=event)
    return event


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """Post the export form as a signed-in user; enqueue as a commit would."""

    def post(event, **data):
        form = {"file_format": "csv", "columns": ["full_name", "job_title"]} | data
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(export_url(event), form)

    return post


def export_url(event):
    return reverse("admin:events_event_roster_export", args=[event.pk])


def download_url(job):
    return reverse(
        "admin:events_event_roster_export_download", args=[job.event_id, job.pk]
    )


def run_worker():
    """Work the queue once, in this process, then give the signals back.

    The worker drops connections left in a transaction between tasks; here
    that transaction is the test's, which holds the rows the worker reads.
    """
    names = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {name: signal.getsignal(name) for name in names}
    try:
        with mock.patch(f"{db_worker.__name__}.close_old_connections"):
            call_command(
                "db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0
            )
    finally:
        for name, handler in handlers.items():
            signal.signal(name, handler)


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def at_once(ask, settings, event, **data):
    """What the export form answers in the request itself for these options."""
    settings.ROSTER_EXPORT_BACKGROUND_ROWS = 10**6
    response = ask(event, **data)
    settings.ROSTER_EXPORT_BACKGROUND_ROWS = THRESHOLD
    assert response.status_code == 200
    return response, body(response)


def in_background(ask, client, event, **data):
    response = ask(event, **data)
    job = RosterExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    run_worker()
    job.refresh_from_db()
    return job, client.get(download_url(job))


def keep_only_viewing(user):
    """Take away the export permission, leaving the roster in view."""
    user.groups.clear()
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_event", "view_participant"])
    )


def sheet_values(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def logged(log):
    return {field: getattr(log, field) for field in LOG_FIELDS}


def test_export_up_to_the_threshold_answers_at_once(client, staff_member, ask, event):
    staff_member(EVENT_STAFF)
    ParticipantFactory.create_batch(THRESHOLD, event=event)

    with CaptureQueriesContext(connection) as queries:
        response = ask(event)
        content = body(response)

    assert response.status_code == 200
    assert content.count(b"\n") == THRESHOLD + 1
    # The rows are counted once, for the threshold and the export log alike.
    assert sum("COUNT(*)" in q["sql"] for q in queries.captured_queries) == 1
    assert RosterExport.objects.get().row_count == THRESHOLD
    assert not RosterExportJob.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_large_export_is_queued_and_nothing_written_yet(
    client, staff_member, ask, large
):
    staff_member(EVENT_STAFF)

    response = ask(large)

    job = RosterExportJob.objects.get()
    assert response.status_code == 302
    assert (job.state, job.rows_done, job.rows_total) == ("queued", 0, 8)
    assert DBTaskResult.objects.get().task_path == "events.tasks.roster_export_job_run"
    assert not RosterExport.objects.exists()
    assert not export_dir().exists()
    page = client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "0 of 8 rows written." in page
    assert "<style" not in page and "<script>" not in page
    assert client.get(download_url(job)).status_code == 404


def test_job_is_enqueued_only_once_the_request_commits(
    client, staff_member, large, django_capture_on_commit_callbacks
):
    staff_member(EVENT_STAFF)
    form = {"file_format": "csv", "columns": ["full_name"]}

    with django_capture_on_commit_callbacks() as callbacks:
        client.post(export_url(large), form)
        assert RosterExportJob.objects.exists()
        assert not DBTaskResult.objects.exists()
    for callback in callbacks:
        callback()

    assert DBTaskResult.objects.count() == 1


def test_worker_writes_the_csv_the_form_would_have_answered(
    client, staff_member, ask, settings, large
):
    staff_member(EVENT_STAFF)
    data = {"columns": ["full_name", "job_title", "notes"], "checked_in": "no"}
    immediate, expected = at_once(ask, settings, large, **data)

    job, download = in_background(ask, client, large, **data)

    assert (job.state, job.rows_done, job.rows_total) == ("done", 7, 7)
    assert job.path.read_bytes() == expected
    assert b"".join(download.streaming_content) == expected
    assert download["Content-Disposition"] == immediate["Content-Disposition"]
    assert download["Content-Type"] == immediate["Content-Type"]
    first, second = RosterExport.objects.order_by("created_at")
    assert logged(second) == logged(first)
    page = client.get(job.get_absolute_url()).content.decode()
    assert download_url(job) in page and 'http-equiv="refresh"' not in page
    form = client.get(export_url(large)).content.decode()
    assert f'href="{job.get_absolute_url()}"' in form


def test_worker_writes_the_xlsx_the_form_would_have_answered(
    client, staff_member, ask, settings, large
):
    staff_member(EVENT_STAFF)
    data = {"file_format": "xlsx", "columns": list(XLSXExporter.default_columns())}
    immediate, expected = at_once(ask, settings, large, **data)

    job, download = in_background(ask, client, large, **data)

    assert job.state == "done"
    assert sheet_values(job.path.read_bytes()) == sheet_values(expected)
    assert len(sheet_values(expected)) == 9
    assert download["Content-Disposition"] == immediate["Content-Disposition"]
    assert download["Content-Disposition"].endswith(
        f'-roster-{timezone.localdate().isoformat()}.xlsx"'
    )
    first, second = RosterExport.objects.order_by("created_at")
    assert logged(second) == logged(first)


def test_worker_exports_in_the_requesters_language(client, staff_member, ask, large):
    staff_member(EVENT_STAFF)

    with_language = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    client.defaults.update(with_language)
    ask(large, columns=["full_name"])
    client.defaults.clear()
    run_worker()

    job = RosterExportJob.objects.get()
    assert job.language == "zh-hans"
    assert job.path.read_text(encoding="utf-8-sig").splitlines()[0] == "姓名"


def test_only_the_requester_may_see_and_download_the_job(
    client, staff_member, ask, large
):
    staff_member(EVENT_STAFF)
    ask(large)
    run_worker()
    job = RosterExportJob.objects.get()
    urls = [job.get_absolute_url(), download_url(job)]
    assert [client.get(url).status_code for url in urls] == [200, 200]

    staff_member(BUREAU_ADMIN)
    assert [client.get(url).status_code for url in urls] == [404, 404]

    staff_member(EDITOR)
    assert [client.get(url).status_code for url in urls] == [403, 403]


def test_requester_who_lost_the_permission_cannot_download(
    client, staff_member, ask, large
):
    user = staff_member(EVENT_STAFF)
    ask(large)
    run_worker()
    job = RosterExportJob.objects.get()

    keep_only_viewing(user)

    urls = [job.get_absolute_url(), download_url(job)]
    assert [client.get(url).status_code for url in urls] == [403, 403]


def test_task_fails_with_a_message_when_the_requester_lost_the_permission(
    client, staff_member, ask, large
):
    user = staff_member(EVENT_STAFF)
    ask(large)
    keep_only_viewing(user)

    run_worker()

    job = RosterExportJob.objects.get()
    assert job.state == "failed" and job.finished_at
    assert job.error == "The account that asked for it may no longer export rosters."
    assert DBTaskResult.objects.get().status == "FAILED"
    assert not RosterExport.objects.exists()
    assert not list(export_dir().glob("*"))


def test_task_failing_while_writing_marks_the_job_failed(
    client, staff_member, ask, large, monkeypatch
):
    def full_disk(self, stream, progress=None):
        stream.write(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(CSVExporter, "write", full_disk)
    user = staff_member(EVENT_STAFF)
    ask(large)

    run_worker()

    job = RosterExportJob.objects.get()
    assert job.state == "failed"
    assert job.error == "OSError: [Errno 28] No space left on device"
    assert not list(export_dir().glob("*"))
    client.force_login(user)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "The export failed: OSError" in page
    assert client.get(download_url(job)).status_code == 404


def test_file_is_private_and_not_under_media_root(
    client, staff_member, ask, large, settings
):
    staff_member(EVENT_STAFF)
    ask(large)
    run_worker()

    path = RosterExportJob.objects.get().path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not path.resolve().is_relative_to(settings.MEDIA_ROOT.resolve())
    assert path.name.removesuffix(".csv") not in str(settings.MEDIA_ROOT)


def test_export_dir_under_media_root_is_refused(settings):
    settings.ROSTER_EXPORT_DIR = settings.MEDIA_ROOT / "exports"

    with pytest.raises(ImproperlyConfigured):
        export_dir()


def test_task_is_idempotent(client, staff_member, ask, large):
    staff_member(EVENT_STAFF)
    ask(large)
    run_worker()
    job = RosterExportJob.objects.get()

    tasks.roster_export_job_run.call(job.pk)

    assert RosterExport.objects.count() == 1


def two_jobs_one_a_day_old(ask, event):
    """Two exports written, the first asked for 25 hours ago."""
    ask(event)
    ask(event)
    run_worker()
    old, recent = RosterExportJob.objects.order_by("pk")
    RosterExportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    return old, recent


def test_sweep_deletes_old_jobs_and_their_files(
    client, staff_member, ask, large, django_capture_on_commit_callbacks
):
    staff_member(EVENT_STAFF)
    old, recent = two_jobs_one_a_day_old(ask, large)
    stray = export_dir() / f"{'0' * 32}.csv.part"
    stray.write_bytes(b"left by a killed worker")
    day_ago = timezone.now().timestamp() - 25 * 3600
    os.utime(stray, (day_ago, day_ago))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep_export_jobs", stdout=io.StringIO())

    assert list(RosterExportJob.objects.all()) == [recent]
    assert not old.path.exists() and not stray.exists()
    assert recent.path.exists()


def test_deleting_a_job_deletes_its_file(
    client, staff_member, ask, large, django_capture_on_commit_callbacks
):
    staff_member(EVENT_STAFF)
    ask(large)
    run_worker()
    job = RosterExportJob.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        large.delete()  # the job goes with its event

    assert not job.path.exists()


def test_the_sweep_fails_jobs_a_worker_dropped(client, staff_member, ask, large):
    staff_member(EVENT_STAFF)
    ask(large)  # its task is never run: the worker was killed
    ask(large)
    dropped, fresh = RosterExportJob.objects.order_by("pk")
    three_hours_ago = timezone.now() - datetime.timedelta(hours=3)
    RosterExportJob.objects.filter(pk=dropped.pk).update(created_at=three_hours_ago)

    call_command("sweep_export_jobs", stdout=io.StringIO())

    dropped.refresh_from_db()
    fresh.refresh_from_db()
    assert (dropped.state, fresh.state) == ("failed", "queued")
    page = client.get(dropped.get_absolute_url()).content.decode()
    assert "The export was interrupted before it finished." in page
    assert 'http-equiv="refresh"' not in page


def test_job_older_than_a_day_cannot_be_downloaded_before_the_sweep(
    client, staff_member, ask, large
):
    staff_member(EVENT_STAFF)
    ask(large)
    run_worker()
    job = RosterExportJob.objects.get()
    RosterExportJob.objects.update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )

    assert client.get(download_url(job)).status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_task_streams_to_the_file_with_queries_independent_of_rows(
    client, staff_member, ask, event, monkeypatch, file_format
):
    exporter = {"csv": CSVExporter, "xlsx": XLSXExporter}[file_format]
    original = exporter.write
    streams = []

    def spy(self, stream, progress=None):
        streams.append(stream)
        return original(self, stream, progress)

    monkeypatch.setattr(exporter, "write", spy)
    staff_member(EVENT_STAFF)

    def queries(rows):
        Participant.objects.all().delete()
        ParticipantFactory.create_batch(rows, event=event)
        ask(event, file_format=file_format)
        job = RosterExportJob.objects.latest("pk")
        with CaptureQueriesContext(connection) as captured:
            tasks.roster_export_job_run.call(job.pk)
        job.refresh_from_db()
        assert (job.state, job.rows_done) == ("done", rows)
        return len(captured)

    assert queries(THRESHOLD + 1) == queries(THRESHOLD * 12)
    # The exporter writes straight into the file on disk, never a buffer.
    assert all(isinstance(stream, io.BufferedWriter) for stream in streams)
    if file_format == "xlsx":
        assert exporter.options["constant_memory"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("file_format", "reports"), [("csv", [1000, 2000]), ("xlsx", [2000])]
)
def test_progress_is_committed_while_the_export_streams(
    staff_member, ask, event, monkeypatch, file_format, reports
):
    Participant.objects.bulk_create(
        Participant(event=event, full_name=f"Delegate {n}", category="pco")
        for n in range(2100)
    )
    monkeypatch.setattr(tasks, "PROGRESS_ROWS", 1000)
    report = tasks.ExportJobProgress.__call__
    seen = []
    # What the job page would read, on a connection of its own, meanwhile.
    page = connections.create_connection(DEFAULT_DB_ALIAS)

    def watched(self, done):
        report(self, done)
        with page.cursor() as cursor:
            cursor.execute("SELECT rows_done FROM events_rosterexportjob")
            seen.append(cursor.fetchone()[0])

    monkeypatch.setattr(tasks.ExportJobProgress, "__call__", watched)
    staff_member(EVENT_STAFF)
    ask(event, file_format=file_format)

    run_worker()
    page.close()

    assert seen == reports
    assert RosterExportJob.objects.get().state == "done"


# With a private bucket (PRIVATE_BUCKET): every app server reaches the file.


@pytest.fixture
def private_bucket(s3, settings):
    """A new private bucket for the export files; returns what it holds."""
    name = s3.bucket()
    settings.PRIVATE_BUCKET = name
    settings.STORAGES = {**settings.STORAGES, "private": private_storage(name)}
    return lambda: s3.keys(name)


def test_in_a_private_bucket_a_download_is_a_signed_link_made_at_the_click(
    client, staff_member, ask, large, private_bucket
):
    staff_member(EVENT_STAFF)
    job, response = in_background(ask, client, large)

    assert private_bucket() == {job.object_name}
    assert not export_dir().exists()  # nothing on this machine
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    link = urlsplit(response["Location"])
    assert parse_qs(link.query)["X-Amz-Expires"] == ["60"]
    with urllib.request.urlopen(response["Location"], timeout=5) as got:  # noqa: S310
        assert got.headers["Content-Disposition"] == (
            f'attachment; filename="{job.file_name}"'
        )
        assert got.read().decode("utf-8-sig").splitlines()[0] == "Full name,Job title"
    unsigned = link._replace(query="").geturl()
    with pytest.raises(urllib.error.HTTPError, match="403"):
        urllib.request.urlopen(unsigned, timeout=5)  # noqa: S310


def test_in_a_private_bucket_the_sweep_deletes_old_files_and_strays(
    client, staff_member, ask, large, private_bucket, django_capture_on_commit_callbacks
):
    staff_member(EVENT_STAFF)
    old, recent = two_jobs_one_a_day_old(ask, large)
    stray = f"exports/{'0' * 32}.csv"
    storages["private"].save(stray, ContentFile(b"left by a killed worker"))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep_export_jobs", stdout=io.StringIO())
    assert private_bucket() == {recent.object_name, stray}  # the stray is young

    with (
        time_machine.travel(datetime.timedelta(hours=25)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("sweep_export_jobs", stdout=io.StringIO())
    assert private_bucket() == set()


def test_in_a_private_bucket_out_of_reach_a_download_says_so_in_the_readers_language(
    client, staff_member, ask, large, private_bucket, settings, monkeypatch
):
    staff_member(EVENT_STAFF)
    ask(large)
    run_worker()
    job = RosterExportJob.objects.get()
    monkeypatch.setenv("S3_ENDPOINT_URL", "http://127.0.0.1:9")  # nothing listens
    unreachable = private_storage(settings.PRIVATE_BUCKET)
    unreachable["OPTIONS"]["client_config"] = Config(retries={"max_attempts": 1})
    settings.STORAGES = settings.STORAGES | {"private": unreachable}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    response = client.get(download_url(job), follow=True)

    assert response.redirect_chain == [(job.get_absolute_url(), 302)]
    assert "文件暂时无法获取，请过一分钟再下载。" in response.content.decode()
