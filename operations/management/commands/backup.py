from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump), the uploaded files and a manifest of "
        "checksums and row counts into one archive, readable by its owner only; "
        "encrypted with age to BACKUP_AGE_RECIPIENT when that is set."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "output",
            metavar="OUTPUT_DIR_OR_FILE",
            help="a folder (the archive gets a dated name) or a new file",
        )

    def handle(self, *args, **options):
        recipient = settings.BACKUP_AGE_RECIPIENT
        if not recipient:
            self.stderr.write(
                self.style.WARNING(
                    "BACKUP_AGE_RECIPIENT is not set: the archive is not encrypted."
                )
            )
        try:
            path, manifest = backup_create(
                output=Path(options["output"]), recipient=recipient
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {path}: {len(manifest['database']['tables'])} tables, "
                f"{len(manifest['media'])} media files."
            )
        )
