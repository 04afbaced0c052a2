"""The hourly run tells ADMINS when the task queue stalls."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hangzhou_mice import tasks
from hangzhou_mice.direct import connect_direct
from operations.management.commands.run_periodic import Command as RunPeriodic

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def immediate_tasks(settings):
    """Here tasks wait in the database queue (no worker runs in these tests)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings, time_machine):
    """Two tasks enqueued at NOW, one a minute later; a duty engineer."""
    settings.ADMINS = ["Duty engineer <duty@example.org>"]
    settings.TASK_QUEUE_MAX_AGE_MINUTES = 30
    time_machine.move_to(NOW, tick=False)
    tasks.image_renditions_make.enqueue(1)
    tasks.image_renditions_make.enqueue(2)
    time_machine.move_to(NOW + datetime.timedelta(minutes=1), tick=False)
    tasks.image_renditions_make.enqueue(3)
    return time_machine


def run_periodic():
    call_command("run_periodic", stdout=io.StringIO(), stderr=io.StringIO())


def test_a_task_waiting_past_the_bound_fails_the_run_and_mails_admins(
    queue, settings, mailoutbox
):
    queue.move_to(NOW + datetime.timedelta(minutes=30, seconds=1))
    jobs = len(settings.PERIODIC_JOBS)

    with pytest.raises(CommandError) as raised:
        run_periodic()

    assert str(raised.value) == f"1 of {jobs} job(s) failed: check_task_queue"
    (mail,) = mailoutbox
    assert mail.to == ["Duty engineer <duty@example.org>"]
    assert mail.subject == (
        f"[Django] run_periodic: 1 of {jobs} job(s) failed: check_task_queue"
    )
    assert mail.body == (
        "check_task_queue: 3 task(s) waiting, the oldest for 1801 s, more than "
        "TASK_QUEUE_MAX_AGE_MINUTES (30): is the task worker running?\n"
        "\nTracebacks are in run_periodic's output (cron's mail or the journal).\n"
    )


def test_a_task_waiting_just_the_bound_passes(queue, mailoutbox):
    queue.move_to(NOW + datetime.timedelta(minutes=30))

    run_periodic()

    assert mailoutbox == []


def test_a_scheduled_task_waits_from_its_time_not_its_enqueuing(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    later = NOW + datetime.timedelta(hours=1)
    tasks.image_renditions_make.using(run_after=later).enqueue(1)

    time_machine.move_to(later + datetime.timedelta(minutes=5))
    response = client.get("/healthz", HTTP_ACCEPT="application/json")

    assert json.loads(response.content)["tasks"] == {
        "waiting": 1,
        "oldest_waiting_seconds": 300,
    }


def test_a_run_whose_session_was_lost_still_reports_its_jobs(settings, monkeypatch):
    # The database restarts during the run: its lock's session is gone.
    settings.PERIODIC_JOBS = ["check_task_queue"]
    run = RunPeriodic.run

    def losing_the_session(self, job, options):
        with connect_direct() as other:
            other.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_locks "
                "WHERE locktype = 'advisory' AND pid <> pg_backend_pid() AND "
                "database = (SELECT oid FROM pg_database "
                "WHERE datname = current_database())"
            )
        return run(self, job, options)

    monkeypatch.setattr(RunPeriodic, "run", losing_the_session)
    output = io.StringIO()

    call_command("run_periodic", stdout=output, stderr=io.StringIO())

    assert "== check_task_queue" in output.getvalue()
