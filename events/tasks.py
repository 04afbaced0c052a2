"""Roster exports too large for a request, written by the task worker.

The form queues a RosterExportJob when more rows than
ROSTER_EXPORT_BACKGROUND_ROWS are selected; `manage.py run_worker` writes the
file with the same exporters into ROSTER_EXPORT_DIR, a folder never served,
and `sweep_export_jobs` deletes jobs and files after a day. A purge or an
erasure withdraws the jobs of the rosters it changes at once: their files
are deleted, and a file still being written is deleted when done.
"""

import datetime
import functools
import re
import tempfile
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hangzhou_mice import audit
from hangzhou_mice import tasks as shared_tasks
from hangzhou_mice.files import atomic_private_file

from . import services
from .models import Event, RosterExportJob
from .models.export_jobs import IN_BUCKET, KEPT_FOR, export_dir, private_bucket

# How often a running job's page learns how far it got.
PROGRESS_ROWS = 5000
# Files the worker writes: <token>.<format>, and .part after it while written.
# No export runs this long: a job still waiting or running after it lost its
# task or its worker (killed, restarted) and is failed by the hourly sweep.
STALLED_AFTER = datetime.timedelta(hours=2)
JOB_FILE = re.compile(r"[0-9a-f]{32}\.(csv|xlsx)(\.part)?")
State = RosterExportJob.State
# The error of a job withdrawn by roster_export_jobs_withdraw().
WITHDRAWN = gettext_lazy(
    "Its file was deleted when the roster was anonymised or a person on it was erased."
)


def roster_export_job_create(
    *,
    user,
    event: Event,
    file_format: str,
    columns: list[str],
    filters: dict,
    rows_total: int,
) -> RosterExportJob:
    """Queue an export of `event`'s roster; the worker starts once this commits."""
    if not services.may_export_roster(user):
        raise PermissionDenied
    job = RosterExportJob(
        event=event,
        user=user,
        options={"file_format": file_format, "columns": columns, "filters": filters},
        language=translation.get_language() or settings.LANGUAGE_CODE,
        rows_total=rows_total,
    )
    job.full_clean()
    with transaction.atomic():
        job.save()
        shared_tasks.enqueue_on_commit(roster_export_job_run, job.pk)
    return job


@task()
def roster_export_job_run(job_id: int) -> None:
    """Write a queued job's file; a job taken already, or deleted, is left alone."""
    jobs = RosterExportJob.objects.filter(pk=job_id)
    if not jobs.filter(state=State.QUEUED).update(state=State.RUNNING):
        return
    job = jobs.select_related("event", "user").get()
    with translation.override(job.language):
        try:
            write_job_file(job)
        except Exception as error:
            message = failure_message(error)
            jobs.filter(state=State.RUNNING).update(
                state=State.FAILED, error=message, finished_at=timezone.now()
            )
            raise


def write_job_file(job: RosterExportJob) -> None:
    """Export as the form would have, logged alike, into a file only we can read."""
    queryset = services.roster_filter(
        job.event.participants.all(), **job.options["filters"]
    )
    jobs = RosterExportJob.objects.filter(pk=job.pk)
    total = queryset.count()
    jobs.update(rows_total=total)
    exporter = services.roster_export(
        user=job.user,
        event=job.event,
        queryset=queryset,
        source="admin",
        row_count=total,
        **job.options,
    )
    write_private(job, exporter, ExportJobProgress(job.pk))
    finished = jobs.filter(state=State.RUNNING).update(
        state=State.DONE,
        rows_done=F("rows_total"),
        file_name=exporter.filename(job.event.slug),
        finished_at=timezone.now(),
    )
    # Deleted or withdrawn meanwhile: the file may hold people erased since.
    if not finished:
        job.file_delete()


def write_private(job, exporter, progress) -> None:
    """Write the job's export where only the site reads it, whole or not at
    all: into the private bucket from a spool file nobody else can open, or
    to the job's path on this machine, mode 0600."""
    if bucket := private_bucket():
        with tempfile.TemporaryFile() as spool, progress:
            exporter.write(spool, progress=progress)
            spool.seek(0)
            bucket.save(job.object_name, File(spool))
        return
    job.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with atomic_private_file(job.path) as stream, progress:
        exporter.write(stream, progress=progress)


def failure_message(error: Exception) -> str:
    if isinstance(error, PermissionDenied):
        return _("The account that asked for it may no longer export rosters.")
    return shared_tasks.describe(error)


class ExportJobProgress:
    """Record a running job's rows written, each time in a transaction of its own.

    The export's own connection is busy streaming (a COPY, or a server-side
    cursor), so the updates go through a second connection, opened on the
    first report: small exports never open it.
    """

    def __init__(self, job_id: int, every: int | None = None):
        self.job_id = job_id
        self.every = every or PROGRESS_ROWS
        self.reported = 0
        self.connection = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self.connection is not None:
            self.connection.close()

    def __call__(self, done: int) -> None:
        if done - self.reported < self.every:
            return
        self.reported = done
        if self.connection is None:
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
        table = self.connection.ops.quote_name(RosterExportJob._meta.db_table)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET rows_done = %s WHERE id = %s",  # noqa: S608
                [done, self.job_id],
            )


def roster_export_jobs_withdraw(*, event_ids) -> int:
    """Fail the export jobs of these events, whose rosters were just purged
    or erased from, and delete their files once this commits; return how
    many jobs. A worker still writing one deletes its file when done."""
    jobs = list(
        RosterExportJob.objects.filter(event_id__in=event_ids).only(
            "token", "options", "language", "state"
        )
    )
    transaction.on_commit(functools.partial(delete_files, jobs))
    live = [job for job in jobs if job.state != State.FAILED]
    for language in {job.language for job in live}:
        fail_withdrawn([job.pk for job in live if job.language == language], language)
    return len(live)


def delete_files(jobs) -> None:
    for job in jobs:
        job.file_delete()


def fail_withdrawn(pks, language) -> None:
    """Fail these jobs with WITHDRAWN in the language their page is read in."""
    with translation.override(language):
        message = str(WITHDRAWN)
    RosterExportJob.objects.filter(pk__in=pks).update(
        state=State.FAILED, error=message, finished_at=timezone.now()
    )


def roster_export_jobs_sweep() -> int:
    """Fail the jobs a worker dropped, then delete the jobs older than
    KEPT_FOR, their files, and files left behind."""
    stalled = RosterExportJob.objects.filter(
        state__in=(State.QUEUED, State.RUNNING),
        created_at__lt=timezone.now() - STALLED_AFTER,
    )
    # No error text: the job page says it was interrupted, in the reader's language.
    stalled.update(state=State.FAILED, error="", finished_at=timezone.now())
    deleted, _by_model = RosterExportJob.objects.expired().delete()
    # A file is never younger than its job: an old file's job is gone.
    if bucket := private_bucket():
        cutoff = timezone.now() - KEPT_FOR
        _folders, names = bucket.listdir(IN_BUCKET)
        for name in names:
            stored = IN_BUCKET + name
            if JOB_FILE.fullmatch(name) and bucket.get_modified_time(stored) < cutoff:
                bucket.delete(stored)
    elif (folder := export_dir()).is_dir():
        cutoff = time.time() - KEPT_FOR.total_seconds()
        for path in folder.iterdir():
            if JOB_FILE.fullmatch(path.name) and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
    if deleted:
        audit.record(user=None, action="roster.export_job_sweep", deleted=deleted)
    return deleted
