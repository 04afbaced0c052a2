"""The exporters built on a column registry (hangzhou_mice/columns.py).

The base yields a header and then rows, read in chunks from one query with
the related objects joined, so memory stays flat however many rows there
are; a subclass per format writes them. A model's exports are a base naming
its columns and one class per format::

    class LeadExporter(Exporter):
        registry = LEAD_COLUMNS  # a registry of columns.Text, Choice, ...
        ordering = ("-created_at", "pk")
        slug = "leads"
        title = _("Leads")

    class LeadCSVExporter(LeadExporter, CSVExporter):
        pass

    class LeadXLSXExporter(LeadExporter, XLSXExporter):
        pass

    LEAD_EXPORTERS = {e.identifier: e for e in (LeadCSVExporter, LeadXLSXExporter)}
"""

import csv
import datetime
import io
import tempfile

import xlsxwriter
from django.db import connection, transaction
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .translated import localized

CHUNK_SIZE = 2000


class Exporter:
    """A queryset's rows in the chosen columns; a subclass writes one format.

    A model's exporter sets `registry` (its columns), `ordering`, `slug` (in
    file names) and `title` (the sheet's name).
    """

    identifier = ""
    verbose_name = ""
    file_extension = ""
    content_type = ""
    registry = {}
    ordering = ("pk",)
    slug = "export"
    title = ""

    def __init__(self, queryset, columns=None):
        wanted = columns or self.default_columns()
        # Identifiers, as the export log records them; unknown ones are dropped.
        self.columns = [name for name in wanted if name in self.registry]
        self.queryset = queryset

    @classmethod
    def default_columns(cls):
        return [name for name, column in cls.registry.items() if column.default]

    @property
    def selected(self):
        return [self.registry[name] for name in self.columns]

    def header(self):
        return [str(column.heading) for column in self.selected]

    def paths(self):
        """Return the selected columns' sources, per-language ones as expressions."""
        model = self.queryset.model
        return [localized(model, column.source) for column in self.selected]

    def values(self):
        """Return the rows' stored values: one query, related objects joined."""
        return self.queryset.order_by(*self.ordering).values_list(*self.paths())

    def rows(self):
        # One converter per column, built once: this loop runs per cell.
        convert = [column.converter() for column in self.selected]
        # A server-side cursor declared in a transaction lives as long as it,
        # on one server session: through a pooler in transaction mode
        # (PgBouncer) a cursor declared outside one (WITH HOLD) is gone by
        # the next fetch. The progress of a background export is written
        # through a connection of its own (events.tasks), so it still shows.
        with transaction.atomic():
            for row in self.values().iterator(chunk_size=CHUNK_SIZE):
                yield [f(value) for f, value in zip(convert, row, strict=True)]

    def filename(self, stem):
        today = timezone.localdate()
        return f"{stem}-{self.slug}-{today:%Y-%m-%d}.{self.file_extension}"

    def response(self, stem):
        raise NotImplementedError

    def write(self, stream, progress=None):
        """Write the whole export to a binary `stream`."""
        raise NotImplementedError


class CSVExporter(Exporter):
    """CSV straight out of PostgreSQL's COPY.

    Labels, local times and the formula guard are computed in SQL, so no row
    passes through Python; records end in LF, as COPY writes them.
    """

    identifier = "csv"
    verbose_name = _("CSV (Excel, UTF-8)")
    file_extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def copy_sql(self):
        names = [f"c{n}" for n in range(len(self.columns))]
        cells = [
            column.csv_sql(name)
            for column, name in zip(self.selected, names, strict=True)
        ]
        select = ", ".join(sql for sql, _params in cells)
        source, order, params = self.unsorted_rows(names)
        outer = [value for _sql, values in cells for value in values]
        # Django's own compiled query and our column SQL; every value is a param.
        query = f"SELECT {select} FROM {source} ORDER BY {order}"  # noqa: S608
        return f"COPY ({query}) TO STDOUT (FORMAT csv)", [*outer, *params]

    def unsorted_rows(self, names):
        """Return (source, ordering, params): the rows' subquery, its columns
        called `names` and then the ordering's keys, and how to sort them.

        Unsorted, the subquery is merged into the outer query, whose cells are
        then computed before the sort, in PostgreSQL's parallel workers; a
        sorted one would be sorted first and its cells computed one by one.
        """
        keys = [key.removeprefix("-") for key in self.ordering]
        rows = self.queryset.order_by().values_list(*self.paths(), *keys)
        sql, params = rows.query.sql_with_params()
        sorts = [f"o{n}" for n in range(len(keys))]
        order = ", ".join(
            f"{sort} DESC" if key.startswith("-") else sort
            for sort, key in zip(sorts, self.ordering, strict=True)
        )
        return f"({sql}) AS export_rows ({', '.join(names + sorts)})", order, params

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


class XLSXExporter(Exporter):
    identifier = "xlsx"
    verbose_name = _("Excel workbook (XLSX)")
    file_extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    options = {
        "constant_memory": True,  # each row is flushed to disk as it is written
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "remove_timezone": True,
    }

    def write(self, stream, progress=None):
        workbook = xlsxwriter.Workbook(stream, self.options)
        sheet = workbook.add_worksheet(str(self.title)[:31] or None)
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
