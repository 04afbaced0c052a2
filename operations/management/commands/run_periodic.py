import contextlib
import shlex
import traceback

import psycopg
from django.conf import settings
from django.core.mail import mail_admins
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from hangzhou_mice.direct import connect_direct

# One run at a time, whichever machine's cron starts it.
LOCK = "SELECT pg_try_advisory_lock(hashtext('hangzhou_mice.run_periodic'))"
UNLOCK = "SELECT pg_advisory_unlock(hashtext('hangzhou_mice.run_periodic'))"
TRACEBACKS = "\nTracebacks are in run_periodic's output (cron's mail or the journal).\n"


class Command(BaseCommand):
    help = (
        "Run each command line of settings.PERIODIC_JOBS once, in order (for "
        "cron or a systemd timer, hourly). A failing job does not stop the "
        "others; if any failed, ADMINS get a mail and the exit status is 1. "
        "A run that finds another one going exits."
    )

    def handle(self, *args, **options):
        jobs = [shlex.split(line) for line in settings.PERIODIC_JOBS]
        # The lock is a session's: on a connection of its own, past any
        # pooler, held for the whole run and released when it closes.
        with connect_direct() as session:
            if not session.execute(LOCK).fetchone()[0]:
                self.stderr.write("Another run_periodic is running; nothing done.")
                return
            try:
                errors = [(job[0], self.run(job, options)) for job in jobs]
            finally:
                # A session lost meanwhile (the database restarted) holds no
                # lock to give back; its loss must not hide the jobs' results.
                with contextlib.suppress(psycopg.Error):
                    session.execute(UNLOCK)
        failed = [(name, error) for name, error in errors if error]
        if failed:
            self.fail(failed, len(jobs))

    def fail(self, failed, count):
        """Mail ADMINS each failed job's error, then exit 1. Cron mails the
        output too where it can; a systemd timer does not, nor a host without
        a mail server."""
        names = ", ".join(name for name, _error in failed)
        summary = f"{len(failed)} of {count} job(s) failed: {names}"
        body = "".join(f"{name}: {error}\n" for name, error in failed)
        mail_admins(f"run_periodic: {summary}", body + TRACEBACKS)
        raise CommandError(summary)

    def run(self, job, options):
        """Run one command line; report its failure and return its error."""
        self.stdout.write(f"== {shlex.join(job)}")
        try:
            call_command(
                *job,
                stdout=self.stdout,
                stderr=self.stderr,
                verbosity=options["verbosity"],
            )
        except Exception as error:
            self.stderr.write(traceback.format_exc())
            return str(error) or type(error).__name__
        return None
