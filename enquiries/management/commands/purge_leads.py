from django.core.management.base import BaseCommand

from enquiries.services import leads_purge


class Command(BaseCommand):
    help = (
        "Delete the leads not changed for LEAD_RETENTION_MONTHS months, their "
        "mails and the task rows that sent them, and the enquiry counts older "
        "than a day (for cron). --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be deleted"
        )

    def handle(self, *args, dry_run, **options):
        counts = leads_purge(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {counts['leads']} leads, {counts['mails']} mails, "
            f"{counts['task_results']} task rows and {counts['throttles']} "
            "enquiry counts."
        )
