"""Roster exports: one base class that yields rows, one subclass per format.

Rows come from one query with the organization joined, read in chunks from a
server-side cursor, so memory stays flat however long the roster is.
"""

import datetime
import io
import tempfile

import xlsxwriter
from defusedcsv import csv
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Organization, Participant

CHUNK_SIZE = 2000
LOCAL_FORMAT = "%Y-%m-%d %H:%M"

# Identifier -> (header label, field path).
COLUMNS = {
    "event": (_("Event"), "event__title"),
    "full_name": (_("Full name"), "full_name"),
    "chinese_name": (_("Name in Chinese"), "chinese_name"),
    "job_title": (_("Job title"), "job_title"),
    "organization": (_("Organization"), "organization__name"),
    "organization_kind": (_("Organization kind"), "organization__kind"),
    "category": (_("Category"), "category"),
    "email": (_("Email"), "email"),
    "phone": (_("Phone"), "phone"),
    "country": (_("Country"), "country"),
    "notes": (_("Notes"), "notes"),
    "is_public": (_("Public guest"), "is_public"),
    "registered_at": (_("Registered at"), "registered_at"),
    "checked_in_at": (_("Checked in at"), "checked_in_at"),
}
# One event's roster needs no event column; a mixed selection does.
ROSTER_COLUMNS = [column for column in COLUMNS if column != "event"]
LABELS = {
    "category": dict(Participant.Category.choices),
    "organization_kind": dict(Organization.Kind.choices),
}


def display(column, value):
    """Return the value as a person reads it: labels, yes/no, local time."""
    if value is None:
        return ""
    if column in LABELS:
        return str(LABELS[column].get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


class RosterExporter:
    identifier = ""
    verbose_name = ""
    file_extension = ""
    content_type = ""

    def __init__(self, queryset, columns=None):
        self.columns = [c for c in columns or ROSTER_COLUMNS if c in COLUMNS]
        self.queryset = queryset

    def header(self):
        return [str(COLUMNS[column][0]) for column in self.columns]

    def rows(self):
        paths = [COLUMNS[column][1] for column in self.columns]
        values = self.queryset.order_by("full_name", "pk").values_list(*paths)
        for row in values.iterator(chunk_size=CHUNK_SIZE):
            yield [display(c, v) for c, v in zip(self.columns, row, strict=True)]

    def filename(self, stem):
        return f"{stem}-roster-{timezone.localdate():%Y-%m-%d}.{self.file_extension}"

    def response(self, stem):
        raise NotImplementedError

    def write(self, stream, progress=None):
        """Write the whole export to a binary `stream`."""
        raise NotImplementedError


def neutralise(value):
    """Make a cell that Excel or LibreOffice would run as a formula plain text."""
    if isinstance(value, datetime.datetime):
        return value.strftime(LOCAL_FORMAT)
    # defusedcsv covers = + - @ | %; a leading tab or carriage return too.
    if isinstance(value, str) and value[:1] in ("\t", "\r"):
        return "'" + value
    return value


class CSVExporter(RosterExporter):
    identifier = "csv"
    verbose_name = _("CSV (Excel, UTF-8)")
    file_extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def chunks(self, progress=None):
        buffer = io.StringIO()
        writer = csv.writer(buffer)  # RFC 4180 quoting, CRLF line ends
        buffer.write("\ufeff")  # so Excel reads UTF-8 (Chinese names)
        writer.writerow(self.header())
        for count, row in enumerate(self.rows(), 1):
            writer.writerow([neutralise(value) for value in row])
            if count % CHUNK_SIZE == 0:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
                if progress:
                    progress(count)
        yield buffer.getvalue().encode()

    def response(self, stem):
        response = StreamingHttpResponse(self.chunks(), content_type=self.content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{self.filename(stem)}"'
        )
        return response

    def write(self, stream, progress=None):
        for chunk in self.chunks(progress):
            stream.write(chunk)


class XLSXExporter(RosterExporter):
    identifier = "xlsx"
    verbose_name = _("Excel workbook (XLSX)")
    file_extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def write(self, stream, progress=None):
        # Constant-memory mode flushes each row to disk as it is written.
        workbook = xlsxwriter.Workbook(
            stream,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "remove_timezone": True,
            },
        )
        sheet = workbook.add_worksheet(str(_("Roster"))[:31])
        bold = workbook.add_format({"bold": True})
        when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        sheet.write_row(0, 0, self.header(), bold)
        sheet.freeze_panes(1, 0)
        for index, row in enumerate(self.rows(), 1):
            for column, value in enumerate(row):
                if isinstance(value, datetime.datetime):
                    sheet.write_datetime(index, column, value, when)
                elif value != "":
                    # Always a text cell, never a formula.
                    sheet.write_string(index, column, str(value))
            if progress and index % CHUNK_SIZE == 0:
                progress(index)
        sheet.set_column(0, len(self.columns) - 1, 22)
        workbook.close()

    def response(self, stem):
        spool = tempfile.TemporaryFile()
        self.write(spool)
        spool.seek(0)
        return FileResponse(
            spool,
            as_attachment=True,
            filename=self.filename(stem),
            content_type=self.content_type,
        )


EXPORTERS = {exporter.identifier: exporter for exporter in (CSVExporter, XLSXExporter)}
