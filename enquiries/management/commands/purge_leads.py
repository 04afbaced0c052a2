from django.core.management.base import BaseCommand

from enquiries.services import leads_purge


class Command(BaseCommand):
    help = (
        "Erase the planners' personal data from the leads not changed for "
        "LEAD_RETENTION_MONTHS months (the meeting and the bid's course stay), "
        "delete their mails and the task rows that sent them, and the enquiry "
        "counts older than a day (for cron). --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be erased"
        )

    def handle(self, *args, dry_run, **options):
        counts = leads_purge(dry_run=dry_run)
        verb = "Would erase" if dry_run else "Erased"
        self.stdout.write(
            f"{verb} the personal data of {counts['leads']} leads, with "
            f"{counts['mails']} mails, {counts['task_results']} task rows and "
            f"{counts['throttles']} enquiry counts."
        )
