"""Making an archive of the database and the media, and putting one back."""

import tarfile
import tempfile
from pathlib import Path

import psycopg
import pyrage
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from hangzhou_mice.files import atomic_private_file

from .archive import archive_unpack, media_files, pipe_from, tar_writer
from .database import RESTORE_OPTIONS, count_differences, database_dump, run_client
from .encryption import recipient_parse
from .errors import BackupError
from .manifest import DUMP, MEDIA, manifest_start


def backup_create(
    *,
    output: Path,
    recipient: str = "",
    database: dict | None = None,
    media_root: Path | None = None,
) -> tuple[Path, dict]:
    """Write an archive of the database and the media; return its path and manifest.

    `output` is a folder (the archive gets a dated name in it) or a new file.
    """
    database = database or settings.DATABASES["default"]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    media = media_bucket() or media_root
    recipients = [recipient_parse(recipient)] if recipient else []
    created = timezone.now()
    target = archive_path(Path(output), created, media_root, encrypted=bool(recipients))
    try:
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as work:
            dump = Path(work, DUMP)
            manifest = manifest_start(created, *database_dump(database, dump))
            partial = Path(work, target.name)
            with atomic_private_file(partial, exclusive=True) as out:
                if recipients:
                    with pipe_from(tar_writer(dump, media, manifest)) as reader:
                        pyrage.encrypt_io(reader, out, recipients)
                else:
                    tar_writer(dump, media, manifest)(out)
            partial.replace(target)
    except (
        OSError,
        tarfile.TarError,
        pyrage.EncryptError,
        psycopg.Error,
        BotoCoreError,
        ClientError,
    ) as error:
        raise BackupError(f"Cannot write the backup to {target}: {error}") from error
    return target, manifest


def backup_restore(
    *,
    archive: Path,
    identities: list | tuple = (),
    database: dict | None = None,
    media_root: Path | None = None,
    confirm=None,
) -> tuple[dict, list[str]] | None:
    """Check an archive whole, then put its database and media in place.

    Return the manifest and the tables whose counts differ from it, or None
    when `confirm(manifest)` (asked once the archive checks out) says no.
    """
    database = database or settings.DATABASES["default"]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    try:
        media_root.parent.mkdir(parents=True, exist_ok=True)
        # Beside MEDIA_ROOT, so the verified media move in with a rename.
        with tempfile.TemporaryDirectory(
            dir=media_root.parent, prefix=f".{media_root.name}-restore-"
        ) as work:
            dump, media = Path(work, DUMP), Path(work, MEDIA)
            media.mkdir()
            manifest = archive_unpack(Path(archive), identities, dump, media)
            if confirm is not None and not confirm(manifest):
                return None
            run_client("pg_restore", database, *RESTORE_OPTIONS, str(dump))
            if bucket := media_bucket():
                media_upload(media, bucket)
            else:
                media_replace(media, media_root)
    except OSError as error:
        raise BackupError(f"Cannot restore {archive}: {error}") from error
    return manifest, count_differences(manifest["database"]["tables"], database)


def media_bucket():
    """The media storage when its files are in a bucket (MEDIA_BUCKET), or None."""
    return default_storage if settings.MEDIA_BUCKET else None


def media_upload(staged, bucket):
    """Put every staged media file in the bucket under its own name, over
    what is there; what the archive lacks stays until the orphan sweep."""
    try:
        for relative, path in media_files(staged):
            with open(path, "rb") as source:
                # _save: the name as archived, never another free one.
                bucket._save(relative, File(source))  # noqa: SLF001
    except (BotoCoreError, ClientError) as error:
        raise BackupError(
            f"The database is restored, but the media could not all be put back "
            f"in the bucket ({error}). Run the restore again."
        ) from error


def archive_path(output, created, media_root, *, encrypted):
    if output.is_dir():
        stamp = created.strftime("%Y%m%dT%H%M%SZ")
        output = output / f"hangzhou-mice-{stamp}.tar{'.age' if encrypted else ''}"
    if not output.parent.is_dir():
        raise BackupError(f"There is no folder {output.parent}.")
    if output.parent.resolve().is_relative_to(Path(media_root).resolve()):
        raise BackupError(
            "Write backups outside MEDIA_ROOT: they would back up each other."
        )
    if output.exists():
        raise BackupError(f"{output} exists already; nothing was overwritten.")
    return output


def media_replace(staged, media_root):
    try:
        media_swap(staged, media_root)
    except OSError as error:
        raise BackupError(
            f"The database is restored, but the media folder {media_root} could "
            f"not be replaced ({error}); it is unchanged. Run the restore again."
        ) from error


def media_swap(staged, media_root):
    """Put the staged media in place of media_root; on failure the old media stay."""
    if not media_root.exists():
        staged.rename(media_root)
        return
    old = staged.with_name("previous")
    media_root.rename(old)
    try:
        staged.rename(media_root)
    except OSError:
        old.rename(media_root)
        raise
