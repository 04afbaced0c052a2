"""Roster exports: one base class that yields rows, one subclass per format.

Rows come from one query with the organization joined, read in chunks from a
server-side cursor, so memory stays flat however long the roster is.
"""

import csv
import datetime
import io
import tempfile

import xlsxwriter
from django.db import connection
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


DATETIME_COLUMNS = {"registered_at", "checked_in_at"}


def converter(column, zone):
    """Return a function showing a stored value as a person reads it."""
    if column in LABELS:
        labels = {key: str(label) for key, label in LABELS[column].items()}
        return lambda value: "" if value is None else labels.get(value, value)
    if column == "is_public":
        return lambda value: "yes" if value else "no"
    if column in DATETIME_COLUMNS:
        return lambda value: (
            "" if value is None else value.astimezone(zone).replace(tzinfo=None)
        )
    return lambda value: "" if value is None else value


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
        # One converter per column, built once: this loop runs per cell.
        zone = timezone.get_current_timezone()
        convert = [converter(column, zone) for column in self.columns]
        for row in values.iterator(chunk_size=CHUNK_SIZE):
            yield [f(value) for f, value in zip(convert, row, strict=True)]

    def filename(self, stem):
        return f"{stem}-roster-{timezone.localdate():%Y-%m-%d}.{self.file_extension}"

    def response(self, stem):
        raise NotImplementedError

    def write(self, stream, progress=None):
        """Write the whole export to a binary `stream`."""
        raise NotImplementedError


# What defusedcsv does to a cell, in SQL: a text starting with = + - @ | %
# (unless it is a plain number) gets a leading apostrophe and its pipes
# escaped; a leading tab or carriage return gets the apostrophe too.
FORMULA_GUARD = (
    "CASE WHEN {c} ~ '^[-=+@|%%]' AND {c} !~ '^-?[0-9,.]+$' "
    "THEN '''' || replace({c}, '|', '\\|') "
    "WHEN {c} ~ '^[\\t\\r]' THEN '''' || {c} ELSE {c} END"
)


def csv_cell(column, name):
    """The SQL expression and parameters that give one column's CSV cell."""
    if column in LABELS:
        cases = " ".join("WHEN %s THEN %s" for _ in LABELS[column])
        pairs = [(key, str(label)) for key, label in LABELS[column].items()]
        params = [value for pair in pairs for value in pair]
        return f"CASE {name} {cases} ELSE {name} END", params
    if column == "is_public":
        return f"CASE WHEN {name} THEN 'yes' ELSE 'no' END", []
    if column in DATETIME_COLUMNS:
        zone = timezone.get_current_timezone_name()
        return f"to_char({name} AT TIME ZONE %s, 'YYYY-MM-DD HH24:MI')", [zone]
    return "NULLIF(" + FORMULA_GUARD.format(c=f"{name}::text") + ", '')", []


class CSVExporter(RosterExporter):
    """CSV straight out of PostgreSQL's COPY.

    Labels, local times and the formula guard are computed in SQL, so no row
    passes through Python; records end in LF, as COPY writes them.
    """

    identifier = "csv"
    verbose_name = _("CSV (Excel, UTF-8)")
    file_extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def copy_sql(self):
        paths = [COLUMNS[column][1] for column in self.columns]
        rows = self.queryset.order_by("full_name", "pk").values_list(*paths)
        inner, params = rows.query.sql_with_params()
        names = [f"c{n}" for n in range(len(self.columns))]
        cells = [
            csv_cell(column, name)
            for column, name in zip(self.columns, names, strict=True)
        ]
        select = ", ".join(sql for sql, _params in cells)
        source = f"({inner}) AS roster ({', '.join(names)})"
        outer = [value for _sql, values in cells for value in values]
        sql = f"COPY (SELECT {select} FROM {source}) TO STDOUT (FORMAT csv)"
        return sql, [*outer, *params]

    def chunks(self, progress=None):
        header = io.StringIO()
        csv.writer(header, lineterminator="\n").writerow(self.header())
        yield ("\ufeff" + header.getvalue()).encode()  # BOM: Excel reads UTF-8
        sql, params = self.copy_sql()
        with connection.cursor() as cursor:
            # COPY takes no parameters: bind them client-side, as Django does.
            statement = cursor.mogrify(sql, params)
            with cursor.copy(statement) as copy:
                for count, data in enumerate(copy, 1):
                    yield bytes(data)
                    if progress and count % 1000 == 0:
                        progress(count)

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
