"""The task worker outlives a lost database connection (tests/conftest.py
runs tasks at once; here a worker thread takes them from the database)."""

import contextlib
import logging
import threading
import time

import psycopg
import pytest
from django.db import connection
from django.tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from operations.worker import ReconnectingWorker

pytestmark = pytest.mark.django_db(transaction=True)
LOST = "Database connection lost"
ran = []
started, release = threading.Event(), threading.Event()


@task
def note(value):
    ran.append(value)
    return value


@task
def hold(value):
    """Run until the test releases it (and at once when run again)."""
    ran.append(value)
    started.set()
    release.wait(timeout=10)
    return value


def wait_for(condition, seconds=10):
    """Poll `condition` until it holds, or fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def work(worker):
    try:
        worker.run()
    finally:
        connection.close()  # this thread's own connection


@pytest.fixture
def worker(settings):
    """A worker polling every 10 ms in a thread, backing off 10 to 50 ms."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ran.clear()
    started.clear()
    release.clear()
    worker = ReconnectingWorker(
        queue_names=["default"],
        interval=0.01,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    worker.first_delay, worker.max_delay = 0.01, 0.05
    thread = threading.Thread(target=work, args=[worker], daemon=True)
    thread.start()
    yield worker
    worker.running = False
    release.set()
    thread.join(timeout=10)


def other_backends():
    """The server processes of every other connection to the test database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [pid for (pid,) in cursor.fetchall()]


def worker_backend():
    """The worker's server process, once it has connected."""
    wait_for(lambda: len(other_backends()) == 1)
    return other_backends()[0]


def terminate(pid):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


@contextlib.contextmanager
def connections_refused():
    """The test database refuses new connections, as while PostgreSQL restarts
    (said from another database: none may refuse its own)."""
    name = connection.ops.quote_name(connection.settings_dict["NAME"])
    params = connection.get_connection_params() | {"dbname": "postgres"}
    with psycopg.connect(**params, autocommit=True) as maintenance:
        maintenance.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false")
        try:
            yield
        finally:
            maintenance.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true")


def outcome(result):
    return DBTaskResult.objects.get(pk=result.id).status


def test_the_worker_goes_on_after_the_database_restarts(worker, caplog):
    caplog.set_level(logging.WARNING, logger="django_tasks_db")
    pid = worker_backend()
    with connections_refused():
        terminate(pid)
        wait_for(lambda: sum(LOST in r.getMessage() for r in caplog.records) >= 2)

    result = note.enqueue("after the restart")

    wait_for(lambda: outcome(result) == TaskResultStatus.SUCCESSFUL)
    assert ran == ["after the restart"]


def test_a_task_cut_off_by_the_lost_connection_runs_again(worker):
    result = hold.enqueue("cut off")
    started.wait(timeout=10)

    terminate(worker_backend())
    release.set()

    wait_for(lambda: outcome(result) == TaskResultStatus.SUCCESSFUL)
    assert ran == ["cut off", "cut off"]
    assert DBTaskResult.objects.get().worker_ids == ["test-worker", "test-worker"]
