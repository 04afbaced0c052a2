"""Run one roster export in a fresh process and print its figures as JSON.

    python bench/export_child.py <variant> <rows>

Memory is the peak RSS during the export above the RSS once Django is set up,
the connection open and every module a variant uses imported, so it counts
the export's own work only. The kernel's high-water mark is reset before the
export (writing 5 to /proc/self/clear_refs), so an earlier peak while
importing cannot hide the export's own. CSV goes to a sink that counts
bytes and discards them; XLSX needs a seekable file, so it goes to a
temporary file and its first byte is the moment the file is complete.
"""

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROSTER_SLUG = "bench-roster"


class Sink:
    """A binary stream that keeps only the byte count and first-byte time."""

    def __init__(self):
        self.started = time.perf_counter()
        self.bytes = 0
        self.first_byte = None

    def write(self, data):
        if self.first_byte is None and len(data):
            self.first_byte = time.perf_counter() - self.started
        self.bytes += len(data)
        return len(data)

    def write_file(self, spool):
        """Count a finished file as if it had been streamed at once."""
        self.first_byte = time.perf_counter() - self.started
        self.bytes = os.fstat(spool.fileno()).st_size


def roster(rows):
    """Return the first `rows` participants (by pk) of the benchmark roster."""
    from events.models import Event

    participants = Event.objects.get(slug=ROSTER_SLUG).participants.all()
    last = participants.order_by("pk").values_list("pk", flat=True)[rows - 1]
    return participants.filter(pk__lte=last)


def roster_paths():
    """Return the source paths of the roster exporters' columns, for the anchors."""
    from events.exporters import RosterExporter

    registry = RosterExporter.registry
    return [registry[name].source for name in RosterExporter.default_columns()]


def ordered_values(queryset):
    """Return the exporters' rows: same columns, join and order."""
    from events.exporters import RosterExporter

    return RosterExporter(queryset).values()


def copy_csv(queryset, sink):
    from django.db import connection

    sql, params = ordered_values(queryset).query.sql_with_params()
    # SQL compiled by Django from our own queryset; psycopg merges the params.
    statement = f"COPY ({sql}) TO STDOUT (FORMAT csv, HEADER)"
    with connection.connection.cursor() as cursor:
        with cursor.copy(statement, params) as copy:
            for block in copy:
                sink.write(block)


def ours_csv(queryset, sink):
    from events.exporters import CSVExporter

    CSVExporter(queryset).write(sink)


def ours_xlsx(queryset, sink):
    from events.exporters import XLSXExporter

    with tempfile.TemporaryFile() as spool:
        XLSXExporter(queryset).write(spool)
        sink.write_file(spool)


def xlsxwriter_anchor(queryset, sink):
    import xlsxwriter

    with tempfile.TemporaryFile() as spool:
        options = {"constant_memory": True, "remove_timezone": True}
        workbook = xlsxwriter.Workbook(spool, options)
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, roster_paths())
        rows = ordered_values(queryset).iterator(chunk_size=2000)
        for index, row in enumerate(rows, 1):
            sheet.write_row(index, 0, row)
        workbook.close()
        sink.write_file(spool)


def import_export_dataset(queryset):
    """Export as django-import-export does, joining organizations in one query."""
    from import_export.resources import ModelResource

    from events.exporters import RosterExporter
    from events.models import Participant

    paths = roster_paths()

    class ParticipantResource(ModelResource):
        class Meta:
            model = Participant
            fields = paths
            export_order = paths

    ordering = RosterExporter.ordering
    queryset = queryset.select_related("organization").order_by(*ordering)
    return ParticipantResource().export(queryset)


def import_export_csv(queryset, sink):
    sink.write(import_export_dataset(queryset).csv.encode())


def import_export_xlsx(queryset, sink):
    sink.write(import_export_dataset(queryset).xlsx)


VARIANTS = {
    function.__name__: function
    for function in (
        copy_csv,
        ours_csv,
        xlsxwriter_anchor,
        ours_xlsx,
        import_export_csv,
        import_export_xlsx,
    )
}


def setup():
    """Set Django up and load everything a variant uses before measuring idle."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import import_export.resources  # noqa: F401
    import openpyxl  # noqa: F401  (tablib's XLSX format imports it lazily)
    import tablib  # noqa: F401

    import events.exporters  # noqa: F401


def status_kib(field):
    """A memory figure of this process from /proc/self/status, in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def reset_peak():
    """Restart the kernel's peak-RSS count from the current RSS (Linux 4.0+)."""
    Path("/proc/self/clear_refs").write_text("5")


def main(variant, rows):
    setup()
    queryset = roster(rows)
    count = queryset.count()  # also the warm-up query
    reset_peak()
    idle = status_kib("VmRSS")
    sink = Sink()
    VARIANTS[variant](queryset, sink)
    figures = {
        "variant": variant,
        "rows": count,
        "seconds": time.perf_counter() - sink.started,
        "first_byte_seconds": sink.first_byte,
        "idle_kib": idle,
        "peak_kib": status_kib("VmHWM"),
        "bytes": sink.bytes,
    }
    sys.stdout.write(json.dumps(figures) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
