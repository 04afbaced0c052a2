"""Reading a roster file: CSV or XLSX, refused early when too large, damaged,
not a spreadsheet, or an archive that would unpack too large."""

import csv
import datetime
import io
import math
import re
import zipfile
from dataclasses import dataclass, field

import openpyxl
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from hangzhou_mice.columns import by_label, unguard

from ..exporters import COLUMNS

MAX_ROWS = 100_000
MAX_ENTRIES = 200  # parts of an XLSX archive; a workbook Excel saves has ~10-30
REQUIRED = ("full_name", "category")
BINARY_SIGNATURES = (b"\x89PNG", b"%PDF", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0")
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ImportFileError(Exception):
    """A file we cannot read at all; str(error) is a clear message for staff."""


@dataclass
class Roster:
    """What a file holds: {identifier: heading as written}, then its data rows
    as [line, {identifier: non-blank cell}]; plain JSON, kept between requests."""

    columns: dict[str, str]
    rows: list = field(default_factory=list)


def _not_a_spreadsheet():
    return ImportFileError(_("This file is not a CSV or Excel (.xlsx) spreadsheet."))


def read_roster(uploaded_file, *, max_bytes: int) -> Roster:
    """Read the non-blank data rows of a CSV or XLSX roster; line 1 is the header."""
    data = _read_bytes(uploaded_file, max_bytes)
    is_zip = data.startswith((b"PK\x03\x04", b"PK\x05\x06"))
    table = _xlsx_table(data) if is_zip else _csv_table(data)
    first = next(table, [])
    if not any(cell != "" for cell in first):
        raise ImportFileError(_("The first line of the file must name the columns."))
    labels = _header(first)
    roster = Roster(columns=dict(labels.values()))
    for line, cells in enumerate(table, 2):
        if line > MAX_ROWS + 1:
            message = _("This file has over %(count)s rows. Split it, please.")
            raise ImportFileError(message % {"count": MAX_ROWS})
        if any(cell != "" for cell in cells):
            roster.rows.append([line, _known_cells(cells, labels)])
    return roster


def _known_cells(cells, labels):
    return {
        identifier: cells[at]
        for at, (identifier, _label) in labels.items()
        if at < len(cells) and cells[at] != ""
    }


def _read_bytes(uploaded_file, max_bytes):
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(max_bytes + 1)
    if len(data) > max_bytes:
        limit = filesizeformat(max_bytes)
        raise ImportFileError(
            _("This file is larger than %(limit)s. Split it into smaller files.")
            % {"limit": limit}
        )
    if not data.strip():
        raise ImportFileError(_("This file is empty."))
    return data


def _csv_table(data):
    """Yield the rows of a CSV file one by one."""
    text = _csv_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)  # Excel may save with ; or tabs
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield [unguard(value) for value in row]
    except csv.Error as error:
        raise ImportFileError(
            _("This CSV file is damaged: %(problem)s.") % {"problem": error}
        ) from error


def _csv_text(data):
    wrong_encoding = ImportFileError(
        _(
            "This CSV file is not in UTF-8. In Excel, choose File, Save As, "
            "and the type “CSV UTF-8 (Comma delimited)”, then upload it again."
        )
    )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, "Unicode Text"
        raise wrong_encoding
    if data.startswith(BINARY_SIGNATURES) or b"\x00" in data:
        raise _not_a_spreadsheet()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        binary = CONTROL_BYTES.search(data)
        raise (_not_a_spreadsheet() if binary else wrong_encoding) from None


def _check_archive(data):
    """Refuse an XLSX that would unpack too large before anything unpacks it.

    Python's zipfile never inflates an entry past its declared size, so the
    declared sizes bound the work; a bomb is refused in milliseconds.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _not_a_spreadsheet() from error
    if len(entries) > MAX_ENTRIES:
        raise ImportFileError(
            _(
                "This Excel file holds %(count)d parts, more than a workbook of "
                "one roster has. Save the roster alone in a new workbook, or as "
                "CSV UTF-8."
            )
            % {"count": len(entries)}
        )
    limit = settings.ROSTER_IMPORT_MAX_UNPACKED_BYTES
    if sum(e.file_size for e in entries) > limit:
        raise ImportFileError(
            _(
                "This Excel file unpacks to more than %(limit)s, too much for a "
                "roster. Save the roster alone in a new workbook, or as CSV UTF-8."
            )
            % {"limit": filesizeformat(limit)}
        )


def _xlsx_table(data):
    """Yield the first sheet's header, then its rows cut to the header's width."""
    _check_archive(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl fails in many ways on a damaged file
        raise _not_a_spreadsheet() from error
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # trust the rows, not a stated size
        header = next(sheet.iter_rows(max_row=1, values_only=True), ())
        header = [_xlsx_value(value) for value in header]
        yield header
        # Cells right of the last heading have no column; a stray cell at
        # column XFD must not make every row 16,384 wide.
        width = max((at + 1 for at, cell in enumerate(header) if cell != ""), default=1)
        for row in sheet.iter_rows(min_row=2, max_col=width, values_only=True):
            yield [_xlsx_value(value) for value in row]
    except Exception as error:
        raise _not_a_spreadsheet() from error
    finally:
        book.close()


def _xlsx_value(value):
    """Return a cell as JSON keeps it: dates as ISO text, read back the same."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\x00", "").strip()  # PostgreSQL refuses NUL
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)  # a phone number typed as a number
        return value if math.isfinite(value) else str(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _header(cells):
    """Return {position: (identifier, label)} of the known columns.

    Check the required ones are there and none is there twice.
    """
    lookup, labels, found = _column_lookup(), {}, set()
    for position, cell in enumerate(cells):
        label = str(cell).strip()
        identifier = lookup.get(label.lower())
        if identifier in found:
            raise ImportFileError(
                _("The column “%(label)s” appears twice.") % {"label": label}
            )
        if identifier:
            labels[position] = (identifier, label)
            found.add(identifier)
    missing = [str(COLUMNS[name].heading) for name in REQUIRED if name not in found]
    if missing:
        raise ImportFileError(
            _("The first line must name these columns: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return labels


def _column_lookup():
    return by_label((name, column.heading) for name, column in COLUMNS.items())
