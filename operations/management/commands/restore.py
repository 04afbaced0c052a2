import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup_restore, identities_read
from operations.backup.bucket import archive_download


class Command(BaseCommand):
    help = (
        "Replace the database content and the media folder with a backup "
        "archive's, after checking every file of it against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="ARCHIVE")
        parser.add_argument(
            "--from-bucket",
            action="store_true",
            help="ARCHIVE is an archive's name in the private bucket (PRIVATE_BUCKET)",
        )
        parser.add_argument(
            "--identity",
            metavar="FILE",
            help="the age identity (secret key) file of an encrypted archive",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="restore without asking for confirmation",
        )

    def handle(self, *args, **options):
        try:
            identities = self.identities(options["identity"])
            with tempfile.TemporaryDirectory(prefix="restore-") as folder:
                archive = Path(options["archive"])
                if options["from_bucket"]:
                    archive = archive_download(options["archive"], Path(folder))
                result = backup_restore(
                    archive=archive,
                    identities=identities,
                    confirm=self.confirmed if options["interactive"] else None,
                )
        except BackupError as error:
            raise CommandError(str(error)) from None
        if result is None:
            self.stdout.write("Nothing restored.")
            return
        manifest, differences = result
        for difference in differences:
            self.stderr.write(difference)
        if differences:
            raise CommandError(
                f"Restored, but {len(differences)} tables have other row counts "
                "than the backup had."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']}: "
                f"{len(manifest['database']['tables'])} tables, "
                f"{len(manifest['media'])} media files."
            )
        )

    def identities(self, path):
        return identities_read(Path(path)) if path else []

    def confirmed(self, manifest):
        database = settings.DATABASES["default"]
        self.stdout.write(
            f"The backup of {manifest['created_at']} (commit "
            f"{manifest['versions']['git_commit'] or 'unknown'}) checks out.\n"
            f"Restoring it replaces all content of the database "
            f"'{database['NAME']}' on {database['HOST'] or 'localhost'} "
            f"and {media_target()}."
        )
        try:
            return input("Type 'yes' to restore: ") == "yes"
        except EOFError:  # no terminal, as under cron: that is no
            return False


def media_target():
    """Where the restore puts the media, as the confirmation names it."""
    if settings.MEDIA_BUCKET:
        return f"the media in the bucket {settings.MEDIA_BUCKET}"
    return f"the media folder {settings.MEDIA_ROOT}"
