from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.worker import queue_state


class Command(BaseCommand):
    help = (
        "Fail when the oldest waiting task has waited longer than "
        "TASK_QUEUE_MAX_AGE_MINUTES: the task worker is down or far behind "
        "(a job of run_periodic, which then mails ADMINS)."
    )

    def handle(self, *args, **options):
        state = queue_state()
        bound = settings.TASK_QUEUE_MAX_AGE_MINUTES
        summary = (
            f"{state['waiting']} task(s) waiting, "
            f"the oldest for {state['oldest_waiting_seconds']} s"
        )
        if state["oldest_waiting_seconds"] > bound * 60:
            raise CommandError(
                f"{summary}, more than TASK_QUEUE_MAX_AGE_MINUTES ({bound}): "
                "is the task worker running?"
            )
        self.stdout.write(f"{summary}.")
