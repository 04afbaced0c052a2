from django.core.management.base import BaseCommand

from events.importing import pending_imports_sweep


class Command(BaseCommand):
    help = (
        "Delete roster rows checked by a dry run and never confirmed, once older "
        "than ROSTER_IMPORT_PENDING_HOURS (for cron)."
    )

    def handle(self, *args, **options):
        deleted = pending_imports_sweep()
        self.stdout.write(f"{deleted} pending roster import(s) deleted.")
