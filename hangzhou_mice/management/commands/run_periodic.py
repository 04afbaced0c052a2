import shlex
import traceback

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

# One run at a time, whichever machine's cron starts it.
LOCK = "SELECT pg_try_advisory_lock(hashtext('hangzhou_mice.run_periodic'))"
UNLOCK = "SELECT pg_advisory_unlock(hashtext('hangzhou_mice.run_periodic'))"


def first_value(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


class Command(BaseCommand):
    help = (
        "Run each command line of settings.PERIODIC_JOBS once, in order (for "
        "cron, hourly). A failing job does not stop the others; the exit "
        "status is 1 if any failed. A run that finds another one going exits."
    )

    def handle(self, *args, **options):
        jobs = [shlex.split(line) for line in settings.PERIODIC_JOBS]
        if not first_value(LOCK):
            self.stderr.write("Another run_periodic is running; nothing done.")
            return
        try:
            failed = [job for job in jobs if not self.run(job, options)]
        finally:
            first_value(UNLOCK)
        if failed:
            names = ", ".join(job[0] for job in failed)
            raise CommandError(f"{len(failed)} of {len(jobs)} job(s) failed: {names}")

    def run(self, job, options):
        """Run one command line; report and swallow its failure."""
        self.stdout.write(f"== {shlex.join(job)}")
        try:
            call_command(
                *job,
                stdout=self.stdout,
                stderr=self.stderr,
                verbosity=options["verbosity"],
            )
        except Exception:
            self.stderr.write(traceback.format_exc())
            return False
        return True
