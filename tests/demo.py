"""The demo content for tests: loaded by `manage.py load_demo` once per test
process, then copied back table by table.

Loading the demo makes its images' renditions, indexes every item and walks
the bid pipeline: seconds each time, and some fifty tests start from it. The
first load runs the command, with its after-commit work done as it would be
once committed, and keeps every table's rows (`COPY … TO STDOUT`) and the
media files it wrote. A later test whose database holds what the first one's
held before its load (the same row count in every table, on the same day,
as the demo's dates count from today) gets those rows and files back in one
transaction; any other test runs the command itself.

The tests of `load_demo` itself call the command.
"""

import atexit
import io
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import TestCase
from django.utils import timezone

_kept = {}


def load_demo():
    """Give this test the demo content, as `manage.py load_demo` would."""
    names = table_names()
    key = (timezone.localdate(), tuple(row_counts(names)))
    if (kept := _kept.get(key)) is None:
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=io.StringIO())
        _kept[key] = keep(names)
    else:
        restore(*kept)


def table_names():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'django_migrations' ORDER BY tablename"
        )
        return [name for (name,) in cursor.fetchall()]


def row_counts(names):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # The database's own table names, quoted: no input in the SQL text.
        count = "(SELECT {}, count(*) FROM {})"
        counts = (count.format(n, quote(t)) for n, t in enumerate(names))
        cursor.execute(" UNION ALL ".join(counts) + " ORDER BY 1")
        return [count for _, count in cursor.fetchall()]


def keep(names):
    """Every non-empty table's rows, and a copy of the media files."""
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for name, count in zip(names, row_counts(names), strict=True):
            if count:
                statement = f"COPY {quote(name)} TO STDOUT (FORMAT BINARY)"
                with cursor.copy(statement) as copy:
                    rows[name] = b"".join(bytes(block) for block in copy)
    media = Path(tempfile.mkdtemp(prefix="demo-media-"))
    atexit.register(shutil.rmtree, media, ignore_errors=True)
    shutil.copytree(settings.MEDIA_ROOT, media, dirs_exist_ok=True)
    return rows, media


def restore(rows, media):
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(map(quote, rows))} CASCADE")
        for name, data in rows.items():
            with cursor.copy(f"COPY {quote(name)} FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(data)
        # Past the copied rows' ids, for the rows the test adds.
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND (is_identity = 'YES' "
            "OR column_default LIKE 'nextval%%') AND table_name = ANY(%s)",
            [list(rows)],
        )
        for table, column in cursor.fetchall():
            top = "SELECT setval(pg_get_serial_sequence(%s, %s), max({})) FROM {}"
            cursor.execute(
                top.format(quote(column), quote(table)) + " HAVING count(*) > 0",
                [quote(table), column],
            )
    shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
