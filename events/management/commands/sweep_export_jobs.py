from django.core.management.base import BaseCommand

from events.tasks import roster_export_jobs_sweep


class Command(BaseCommand):
    help = (
        "Delete roster export jobs older than a day with their files, and any "
        "export file left behind as old (for cron)."
    )

    def handle(self, *args, **options):
        deleted = roster_export_jobs_sweep()
        self.stdout.write(f"{deleted} roster export job(s) deleted.")
