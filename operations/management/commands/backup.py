import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup_create
from operations.backup.bucket import archive_upload


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
            nargs="?",
            help="a folder (the archive gets a dated name) or a new file",
        )
        parser.add_argument(
            "--to-bucket",
            action="store_true",
            help="keep the archive in the private bucket (PRIVATE_BUCKET) instead",
        )

    def handle(self, *args, **options):
        recipient = settings.BACKUP_AGE_RECIPIENT
        if not recipient:
            self.stderr.write(
                self.style.WARNING(
                    "BACKUP_AGE_RECIPIENT is not set: the archive is not encrypted."
                )
            )
        if bool(options["output"]) == options["to_bucket"]:
            raise CommandError("Give a folder or file, or --to-bucket: one of them.")
        try:
            if options["to_bucket"]:
                with tempfile.TemporaryDirectory(prefix="backup-") as folder:
                    path, manifest = backup_create(
                        output=Path(folder), recipient=recipient
                    )
                    path = archive_upload(path)
            else:
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
