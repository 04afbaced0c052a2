from django.conf import settings
from django.core.management.base import BaseCommand

from operations.logs import logs_rotate


class Command(BaseCommand):
    help = (
        "Give each log file of LOG_DIR its day's name once a new day began, "
        "and delete those older than LOG_RETENTION_DAYS (run hourly)."
    )

    def handle(self, **options):
        if not settings.LOG_DIR:
            self.stdout.write("LOG_DIR is not set: no log files to rotate.")
            return
        rotated, deleted = logs_rotate()
        self.stdout.write(f"{rotated} log file(s) rotated, {deleted} deleted.")
