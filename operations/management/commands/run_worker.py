import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from operations.worker import ReconnectingWorker

WORKER_OPTIONS = (
    "interval",
    "batch",
    "backend_name",
    "startup_delay",
    "max_tasks",
    "worker_id",
)


class Command(db_worker.Command):
    # A name of its own: django_tasks_db comes before this app in
    # INSTALLED_APPS, so its db_worker would win over one defined here.
    help = (
        "Run the task worker (db_worker's options) that outlives a database "
        "restart: after a lost connection it backs off and connects again."
    )

    def handle(self, *, verbosity, reload, **options):
        self.configure_logging(verbosity)
        worker = self.worker(**options)
        if reload and not options["batch"]:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # in the reloaded child only
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()

    def worker(self, *, queue_name, exclude_queues, **options):
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        return ReconnectingWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            **{name: options[name] for name in WORKER_OPTIONS},
        )
