import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from hangzhou_mice.models import Download, Image

RENDITIONS = "renditions"
# Younger files may belong to an upload or a task not committed yet.
MIN_AGE = datetime.timedelta(days=1)


def stored_files(folder):
    """Every file under `folder` of the media storage, at any depth."""
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:  # on disk; a bucket has no folders to miss
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from stored_files(f"{folder}/{directory}")


def referenced_files():
    """The originals and renditions that image rows name, and the downloads'.

    Read through a server-side cursor in a transaction, which it lives as
    long as: through a pooler in transaction mode one declared outside a
    transaction (WITH HOLD) is gone by the next fetch."""
    names = set(Download.objects.values_list("file", flat=True))
    rows = Image.objects.values_list("file", "renditions", "square_renditions")
    with transaction.atomic():
        for original, *lists in rows.iterator():
            names.add(original)
            names.update(
                r[key] for rs in lists for r in rs for key in ("webp", "fallback")
            )
    return names


def orphans(now):
    originals = Image._meta.get_field("file").upload_to.split("/")[0]
    downloads = Download._meta.get_field("file").upload_to.split("/")[0]
    referenced = referenced_files()
    for folder in (originals, RENDITIONS, downloads):
        for name in stored_files(folder):
            if name not in referenced and (
                default_storage.get_modified_time(name) < now - MIN_AGE
            ):
                yield name


class Command(BaseCommand):
    help = (
        "Delete image originals, renditions and download files that no row "
        "names, once a day old (for cron: left by a failed upload, a crashed "
        "task or a deletion that raced one)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be deleted"
        )

    def handle(self, *args, dry_run, **options):
        found = sorted(orphans(timezone.now()))
        for name in found:
            self.stdout.write(name)
            if not dry_run:
                default_storage.delete(name)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{len(found)} orphaned media file(s) {verb}.")
