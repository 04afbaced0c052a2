"""The task worker that outlives a database restart, and the queue's age.

django-tasks-db's worker lets a database error out of its loop, so a
PostgreSQL restart (a lost connection, then refused ones) ended it and the
queue waited for ever. `manage.py run_worker` runs it again after such an
error, backing off, until the database answers.
"""

import logging
import time

from django.db import connection
from django.db.models import Case, Count, F, Min, When
from django.db.models.functions import Greatest
from django.db.utils import InterfaceError, OperationalError
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger("django_tasks_db")


class ReconnectingWorker(Worker):
    """A worker that waits out a lost database instead of ending."""

    first_delay = 1.0  # seconds before the first new try, doubled each time
    max_delay = 30.0

    def run(self):
        failures = 0
        while self.running:
            began = time.monotonic()
            try:
                self.release_claimed()
                return super().run()
            except (OperationalError, InterfaceError) as error:
                # A run that lasted a while was a success: start over.
                quick = time.monotonic() - began < self.max_delay
                failures = failures + 1 if quick else 1
                self.back_off(error, failures)

    def back_off(self, error, failures):
        delay = min(self.max_delay, self.first_delay * 2 ** (failures - 1))
        logger.warning(
            "Database connection lost (%s); worker_id=%s tries again in %.2f s.",
            str(error).strip() or type(error).__name__,
            self.worker_id,
            delay,
        )
        connection.close()
        time.sleep(delay)

    def release_claimed(self):
        """Queue again the tasks this worker took and could not finish: its
        connection was lost before it stored their outcome. Tasks may run
        twice (hangzhou_mice/tasks.py)."""
        DBTaskResult.objects.running().filter(
            worker_ids__contains=[self.worker_id]
        ).update(status=TaskResultStatus.READY, started_at=None)


def queue_state():
    """How many tasks wait to start, and for how many seconds the oldest has
    waited (a scheduled task from its time, not its enqueuing): one query."""
    since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    state = DBTaskResult.objects.ready().aggregate(
        waiting=Count("pk"), oldest=Min(since)
    )
    oldest = state.pop("oldest")
    age = (timezone.now() - oldest).total_seconds() if oldest else 0
    return state | {"oldest_waiting_seconds": max(0, round(age))}
