"""Backups: the database and the uploaded files in one archive, and back again.

An archive is a tar file, encrypted with age to BACKUP_AGE_RECIPIENT when that
is set, holding `database.dump` (pg_dump's custom format), `media/…` (the
MEDIA_ROOT tree) and, last, `manifest.json`: versions, every table's row count
and the size and sha256 of every other member. Nothing is held in memory
whole: files are streamed into and out of the archive and hashed on the way.

services.py makes and restores archives from database.py (pg_dump,
pg_restore, row counts), encryption.py (age), archive.py (the tar stream)
and manifest.py.
"""

from .database import connect, run_client, table_counts
from .encryption import identities_read
from .errors import BackupError
from .services import backup_create, backup_restore

__all__ = [
    "BackupError",
    "backup_create",
    "backup_restore",
    "connect",
    "identities_read",
    "run_client",
    "table_counts",
]
