"""The database side of a backup: pg_dump and pg_restore, and every table's
row count in the dump's own snapshot."""

import os
import shutil
import subprocess
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from hangzhou_mice.direct import libpq_params
from hangzhou_mice.files import atomic_private_file

from .errors import BackupError

RESTORE_OPTIONS = ("--clean", "--if-exists", "--no-owner", "--single-transaction")


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
            # pg_dump keeps the mode of a file it finds: make it private first.
            with atomic_private_file(path, exclusive=True):
                pass
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
