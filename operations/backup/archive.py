"""The archive: a tar stream written and read in one pass, every member
hashed on the way, through a pipe when age encrypts or decrypts it.

Nothing is held in memory whole.
"""

import contextlib
import datetime
import functools
import hashlib
import io
import json
import os
import tarfile
import threading
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from botocore.exceptions import ClientError

from hangzhou_mice.files import atomic_private_file

from .encryption import AGE_HEADERS, decrypter
from .errors import BackupError
from .manifest import DUMP, MANIFEST, MEDIA, manifest_check, manifest_parse

CHUNK = 1024 * 1024


class HashingReader:
    """Read a file through, counting and hashing what was read."""

    def __init__(self, stream):
        self.stream, self.size, self.hash = stream, 0, hashlib.sha256()

    def read(self, size=-1):
        data = self.stream.read(size)
        self.hash.update(data)
        self.size += len(data)
        return data

    def entry(self):
        return {"size": self.size, "sha256": self.hash.hexdigest()}


def tar_writer(dump, media, manifest):
    """Return a function writing the archive to a stream, completing `manifest`.

    `media` is MEDIA_ROOT's path, or the media storage when its files are in
    a bucket (MEDIA_BUCKET): the archive holds them either way."""

    created = datetime.datetime.fromisoformat(manifest["created_at"])

    def write(stream):
        with tarfile.open(fileobj=stream, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            manifest["database"] |= tar_add(tar, DUMP, dump)
            for relative, opened in media_sources(media):
                try:
                    with opened() as (source, size, mtime):
                        entry = tar_add_stream(
                            tar, f"{MEDIA}/{relative}", source, size, mtime
                        )
                except FileNotFoundError:
                    continue  # deleted since the walk found it, with its image
                manifest["media"].append({"path": relative, **entry})
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(data), 0o600, created.timestamp()
            tar.addfile(info, io.BytesIO(data))

    return write


def tar_add(tar, name, path):
    with opened_file(path) as (source, size, mtime):
        return tar_add_stream(tar, name, source, size, mtime)


def tar_add_stream(tar, name, source, size, mtime):
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, mtime
    reader = HashingReader(source)
    tar.addfile(info, reader)
    return reader.entry()


@contextmanager
def opened_file(path):
    """(stream, size, mtime) of a file, as it was opened."""
    with open(path, "rb") as source:
        status = os.fstat(source.fileno())
        yield source, status.st_size, status.st_mtime


@contextmanager
def opened_object(summary):
    """(stream, size, mtime) of an object in a bucket, as it was read."""
    try:
        got = summary.get()
    except ClientError as error:
        if error.response["Error"]["Code"] in ("NoSuchKey", "404"):
            raise FileNotFoundError(summary.key) from None
        raise
    with contextlib.closing(got["Body"]) as body:
        yield body, got["ContentLength"], got["LastModified"].timestamp()


def media_sources(media):
    """(name, opener) of every media file, in name order: under a folder, or
    in the bucket of a storage (S3 lists keys in order)."""
    if isinstance(media, Path):
        for relative, path in media_files(media):
            yield relative, functools.partial(opened_file, path)
        return
    for summary in media.bucket.objects.filter(Prefix=media.location):
        name = summary.key.removeprefix(media.location).lstrip("/")
        yield name, functools.partial(opened_object, summary)


def media_files(root):
    """Yield the relative path and path of every regular file under root, sorted."""
    for folder, folders, names in os.walk(root):
        folders.sort()
        for name in sorted(names):
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def archive_unpack(path, identities, dump, media):
    """Unpack an archive to dump and media, and check it against its manifest."""
    try:
        source = open(path, "rb")
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror}.") from None
    with source:
        encrypted = source.read(len(AGE_HEADERS[1])).startswith(AGE_HEADERS)
        source.seek(0)
        try:
            if not encrypted:
                found, manifest = tar_read(source, dump, media)
            elif not identities:
                raise BackupError(
                    f"{path} is encrypted: give its age identity file with --identity."
                )
            else:
                with pipe_from(decrypter(path, source, identities)) as stream:
                    found, manifest = tar_read(stream, dump, media)
        except tarfile.TarError as error:
            raise BackupError(
                f"{path} is not a backup archive, or it is truncated ({error})."
            ) from None
        except OSError as error:
            raise BackupError(f"Cannot unpack {path}: {error}") from None
    manifest_check(manifest, found)
    return manifest


def tar_read(stream, dump, media):
    found, manifest = {}, None
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        for member in tar:
            if not member.isfile() or member.name in found:
                raise BackupError(f"Unexpected entry {member.name!r} in the archive.")
            source = tar.extractfile(member)
            if member.name == MANIFEST:
                manifest = manifest_parse(source.read())
                continue
            if member.name == DUMP:
                with atomic_private_file(dump, exclusive=True) as out:
                    found[DUMP] = copy_hashed(source, out)
            else:
                target = media / media_name(member.name)
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "xb") as out:
                    found[member.name] = copy_hashed(source, out)
    if manifest is None:
        raise BackupError("The archive has no manifest: it is truncated, or not ours.")
    return found, manifest


def media_name(name):
    path = PurePosixPath(name)
    if path.parts[:1] != (MEDIA,) or len(path.parts) < 2 or ".." in path.parts:
        raise BackupError(f"Unexpected entry {name!r} in the archive.")
    return Path(*path.parts[1:])


def copy_hashed(source, out):
    """Copy source to the open file out; return its size and hash."""
    reader = HashingReader(source)
    while chunk := reader.read(CHUNK):
        out.write(chunk)
    return reader.entry()


@contextmanager
def pipe_from(produce):
    """Yield a reader of what `produce(writer)` writes, run in a thread of its own.

    The producer's error wins over the reader's (which mostly sees the stream
    end early), unless the producer only lost its reader.
    """
    read_end, write_end = os.pipe()
    errors = []

    def run():
        try:
            with open(write_end, "wb") as writer:
                produce(writer)
        except BaseException as error:  # re-raised in the calling thread
            errors.append(error)

    thread = threading.Thread(target=run, name="backup-pipe", daemon=True)
    with open(read_end, "rb") as reader:
        thread.start()
        try:
            yield reader
            # Read to the end, so the producer finishes (age checks the last chunk).
            while reader.read(CHUNK):
                pass
        except BaseException:
            reader.close()
            thread.join()
            if errors and not isinstance(errors[0], BrokenPipeError):
                raise errors[0] from None
            raise
    thread.join()
    if errors:
        raise errors[0]
