"""Archives kept in the private bucket (PRIVATE_BUCKET), under `backups/`,
where a lifecycle rule deletes them after 35 days (configure_buckets)."""

from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages

from hangzhou_mice.files import atomic_private_file

from .archive import copy_hashed
from .errors import BackupError

IN_BUCKET = "backups/"


def private_bucket():
    if not settings.PRIVATE_BUCKET:
        raise BackupError("PRIVATE_BUCKET is not set: there is no bucket for backups.")
    return storages["private"]


def archive_upload(path: Path) -> str:
    """Store the archive at `path` in the bucket; return its name there."""
    bucket, name = private_bucket(), IN_BUCKET + path.name
    try:
        if bucket.exists(name):
            raise BackupError(f"{name} exists already in the bucket; nothing was sent.")
        with open(path, "rb") as source:
            bucket.save(name, File(source))
    except (BotoCoreError, ClientError) as error:
        raise BackupError(f"Cannot store {name} in the bucket: {error}") from error
    return name


def archive_download(name: str, folder: Path) -> Path:
    """Fetch the bucket's archive `name` (with or without `backups/`) into
    `folder`, readable by its owner only; return its path."""
    bucket, name = private_bucket(), IN_BUCKET + name.removeprefix(IN_BUCKET)
    target = folder / Path(name).name
    try:
        with bucket.open(name) as source, atomic_private_file(target) as out:
            copy_hashed(source, out)
    except (BotoCoreError, ClientError, FileNotFoundError) as error:
        raise BackupError(f"Cannot fetch {name} from the bucket: {error}") from error
    return target
