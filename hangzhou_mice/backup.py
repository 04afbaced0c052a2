"""Backups: the database and the uploaded files in one archive, and back again.

An archive is a tar file, encrypted with age to BACKUP_AGE_RECIPIENT when that
is set, holding `database.dump` (pg_dump's custom format), `media/…` (the
MEDIA_ROOT tree) and, last, `manifest.json`: versions, every table's row count
and the size and sha256 of every other member. Nothing is held in memory
whole: files are streamed into and out of the archive and hashed on the way.
"""

import datetime
import hashlib
import io
import json
import os
import platform
import shutil
import subprocess
import tarfile
import tempfile
import threading
import tomllib
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import django
import psycopg
import pyrage
from django.conf import settings
from django.utils import timezone
from psycopg import sql
from psycopg.conninfo import make_conninfo

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"
AGE_HEADERS = (b"age-encryption.org/v1\n", b"-----BEGIN AGE ENCRYPTED FILE-----")
CHUNK = 1024 * 1024
RESTORE_OPTIONS = ("--clean", "--if-exists", "--no-owner", "--single-transaction")
# Connection options Django reads itself and libpq would refuse.
DJANGO_OPTIONS = {"assume_role", "isolation_level", "pool", "server_side_binding"}
DJANGO_OPTIONS |= {"context", "cursor_factory", "prepare_threshold"}


class BackupError(Exception):
    """A backup or restore cannot go on; the message is for the operator."""


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
    recipients = [recipient_parse(recipient)] if recipient else []
    created = timezone.now()
    target = archive_path(Path(output), created, media_root, encrypted=bool(recipients))
    try:
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as work:
            dump = Path(work, DUMP)
            manifest = manifest_start(created, *database_dump(database, dump))
            partial = Path(work, target.name)
            with private_file(partial) as out:
                if recipients:
                    with pipe_from(tar_writer(dump, media_root, manifest)) as reader:
                        pyrage.encrypt_io(reader, out, recipients)
                else:
                    tar_writer(dump, media_root, manifest)(out)
            partial.replace(target)
    except (OSError, tarfile.TarError, pyrage.EncryptError, psycopg.Error) as error:
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
            media_replace(media, media_root)
    except OSError as error:
        raise BackupError(f"Cannot restore {archive}: {error}") from error
    return manifest, count_differences(manifest["database"]["tables"], database)


def recipient_parse(recipient):
    try:
        return pyrage.x25519.Recipient.from_str(recipient.strip())
    except pyrage.RecipientError:
        raise BackupError(
            "BACKUP_AGE_RECIPIENT is not an age X25519 public key (age1…)."
        ) from None


def identities_read(path: Path) -> list:
    """Read an age identity file: its AGE-SECRET-KEY-1… lines, comments aside."""
    try:
        lines = Path(path).read_text().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BackupError(f"Cannot read the identity file {path}: {error}") from None
    keys = [line.strip() for line in lines if line.strip()[:1] not in ("", "#")]
    try:
        identities = [pyrage.x25519.Identity.from_str(key) for key in keys]
    except pyrage.IdentityError:
        identities = []
    if not identities:
        raise BackupError(
            f"{path} is not an age identity file (AGE-SECRET-KEY-1… lines)."
        )
    return identities


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


def private_file(path):
    """Open a new file only its owner may read: archives hold personal data."""
    return open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


# The database.


def libpq_params(database):
    """Return libpq's connection parameters for a DATABASES entry, and the password."""
    options = database.get("OPTIONS", {})
    params = {k: v for k, v in options.items() if k not in DJANGO_OPTIONS}
    password = params.pop("password", "") or database.get("PASSWORD", "")
    for name, key in (("NAME", "dbname"), ("USER", "user"), ("HOST", "host")):
        if database.get(name):
            params[key] = database[name]
    if database.get("PORT"):
        params["port"] = str(database["PORT"])
    return params, password


def connect(database, **kwargs):
    params, password = libpq_params(database)
    try:
        return psycopg.connect(**params, password=password or None, **kwargs)
    except psycopg.Error as error:
        raise BackupError(f"Cannot connect to the database: {error}") from None


def run_client(program, database, *args):
    """Run pg_dump or pg_restore on the database, the password in the environment."""
    params, password = libpq_params(database)
    env = os.environ | ({"PGPASSWORD": str(password)} if password else {})
    command = [client_path(program), "--no-password"]
    command += [f"--dbname={make_conninfo(**params)}", *args]
    result = subprocess.run(  # noqa: S603  (our arguments, no shell)
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")
    return result


def client_path(program):
    found = shutil.which(program) or max(
        Path("/usr/lib/postgresql").glob(f"*/bin/{program}"),
        key=lambda path: int(path.parent.parent.name),
        default=None,
    )
    if not found:
        raise BackupError(
            f"{program} is not installed (Debian: apt-get install postgresql-client)."
        )
    return str(found)


def database_dump(database, path):
    """Dump the database, and count its rows in the very snapshot pg_dump uses."""
    with connect(database) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        with connection.cursor() as cursor:
            cursor.execute("SET idle_in_transaction_session_timeout = 0")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts(cursor)
            private_file(path).close()  # pg_dump keeps the mode of a file it finds
            # The snapshot lives as long as this transaction: keep it open.
            run_client(
                "pg_dump",
                database,
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={path}",
            )
        server = connection.info.server_version
    return counts, f"{server // 10000}.{server % 10000}"


def table_counts(cursor):
    """Count the rows of every table in the public schema, in the cursor's snapshot."""
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
    )
    counts = {}
    for (table,) in cursor.fetchall():
        query = sql.SQL("SELECT count(*) FROM public.{}").format(sql.Identifier(table))
        counts[table] = cursor.execute(query).fetchone()[0]
    return counts


def count_differences(expected, database):
    with connect(database) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with connection.cursor() as cursor:
            actual = table_counts(cursor)
    return [
        f"Table {table}: {expected.get(table, 'no')} rows in the backup, "
        f"{actual.get(table, 'no')} after the restore."
        for table in sorted(expected.keys() | actual.keys())
        if expected.get(table) != actual.get(table)
    ]


# The archive.


def manifest_start(created, counts, server_version):
    return {
        "format": FORMAT,
        "created_at": created.isoformat(),
        "versions": versions() | {"postgresql": server_version},
        "database": {"file": DUMP, "tables": counts},
        "media": [],
    }


def versions():
    return {
        "app": app_version(),
        "git_commit": git_commit(),
        "django": django.get_version(),
        "python": platform.python_version(),
    }


def app_version():
    try:
        with open(Path(settings.BASE_DIR, "pyproject.toml"), "rb") as file:
            return tomllib.load(file)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None


def git_commit():
    git = shutil.which("git")
    if not git:
        return None
    result = subprocess.run(  # noqa: S603  (our arguments, no shell)
        [git, "-C", str(settings.BASE_DIR), "rev-parse", "--verify", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() if result.returncode == 0 else None


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


def tar_writer(dump, media_root, manifest):
    """Return a function writing the archive to a stream, completing `manifest`."""

    created = datetime.datetime.fromisoformat(manifest["created_at"])

    def write(stream):
        with tarfile.open(fileobj=stream, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            manifest["database"] |= tar_add(tar, DUMP, dump)
            for relative, path in media_files(media_root):
                try:
                    entry = tar_add(tar, f"{MEDIA}/{relative}", path)
                except FileNotFoundError:
                    continue  # deleted since the walk found it, with its image
                manifest["media"].append({"path": relative, **entry})
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(data), 0o600, created.timestamp()
            tar.addfile(info, io.BytesIO(data))

    return write


def tar_add(tar, name, path):
    with open(path, "rb") as source:
        status = os.fstat(source.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = status.st_size, 0o600, status.st_mtime
        reader = HashingReader(source)
        tar.addfile(info, reader)
    return reader.entry()


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


def decrypter(path, source, identities):
    def decrypt(writer):
        try:
            pyrage.decrypt_io(source, writer, identities)
        except pyrage.DecryptError as error:
            raise BackupError(
                f"Cannot decrypt {path} ({error}): is the identity file the key "
                "of BACKUP_AGE_RECIPIENT, and the file an age archive?"
            ) from None
        except BrokenPipeError:
            raise
        except OSError as error:
            raise BackupError(
                f"Cannot decrypt {path}: it is truncated or damaged ({error})."
            ) from None

    return decrypt


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
                found[DUMP] = copy_hashed(source, private_file(dump))
            else:
                target = media / media_name(member.name)
                target.parent.mkdir(parents=True, exist_ok=True)
                found[member.name] = copy_hashed(source, open(target, "xb"))
    if manifest is None:
        raise BackupError("The archive has no manifest: it is truncated, or not ours.")
    return found, manifest


def media_name(name):
    path = PurePosixPath(name)
    if path.parts[:1] != (MEDIA,) or len(path.parts) < 2 or ".." in path.parts:
        raise BackupError(f"Unexpected entry {name!r} in the archive.")
    return Path(*path.parts[1:])


def copy_hashed(source, out):
    """Copy source to the open file out, and close it; return its size and hash."""
    reader = HashingReader(source)
    with out:
        while chunk := reader.read(CHUNK):
            out.write(chunk)
    return reader.entry()


def manifest_parse(data):
    try:
        manifest = json.loads(data)
        readable = manifest["format"] == FORMAT
        readable &= isinstance(manifest["database"]["tables"], dict)
        readable &= {"size", "sha256"} <= manifest["database"].keys()
        for entry in manifest["media"]:
            readable &= {"path", "size", "sha256"} <= entry.keys()
    except (ValueError, KeyError, TypeError, AttributeError):
        readable = False
    if not readable:
        raise BackupError("The archive's manifest is not one this version can read.")
    return manifest


def manifest_check(manifest, found):
    """Refuse an archive whose members differ from what its manifest lists."""
    expected = {DUMP: manifest["database"]}
    expected |= {f"{MEDIA}/{entry['path']}": entry for entry in manifest["media"]}
    for name, entry in expected.items():
        if name not in found:
            raise BackupError(f"{name} is in the manifest but not in the archive.")
        if found[name] != {"size": entry["size"], "sha256": entry["sha256"]}:
            raise BackupError(
                f"{name} does not match its checksum in the manifest: the archive "
                "is damaged or was altered. Nothing was restored."
            )
    for name in sorted(found.keys() - expected.keys()):
        raise BackupError(f"{name} is in the archive but not in its manifest.")


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
