"""Roster imports: read a CSV or XLSX file shaped like the export, check every
row, and show what would change before anything is written.

A blank cell never erases: on an existing participant it keeps the stored value.
"""

import copy
import csv
import datetime
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from hangzhou_mice.columns import by_label, unguard
from hangzhou_mice.pagecache import content_changed
from hangzhou_mice.translated import language_column, written_in

from .exporters import COLUMNS
from .models import Event, Organization, Participant

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
UNPACKED_RATIO = 50  # an XLSX unpacking to more than this times the limit is a bomb
REQUIRED = ("full_name", "category")
BINARY_SIGNATURES = (b"\x89PNG", b"%PDF", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0")
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ImportFileError(Exception):
    """A file we cannot read at all; str(error) is a clear message for staff."""


@dataclass
class RowError:
    line: int
    column: str
    reason: str


@dataclass
class ImportPlan:
    event: Event
    creates: list[Participant] = field(default_factory=list)
    updates: list[Participant] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_organizations: list[Organization] = field(default_factory=list)
    unchanged: int = 0  # rows matching a participant that already has these values
    changed_fields: dict[int, list[str]] = field(default_factory=dict)  # pk -> fields

    @property
    def ok(self) -> bool:
        return not self.errors


class RosterRow(dict):
    """One data row as {header label: cell value}, with its line in the file."""

    def __init__(self, line, cells):
        super().__init__(cells)
        self.line = line


def _not_a_spreadsheet():
    return ImportFileError(_("This file is not a CSV or Excel (.xlsx) spreadsheet."))


def read_roster(uploaded_file, *, max_bytes: int) -> list[dict]:
    """Return the non-blank data rows of a CSV or XLSX roster; line 1 is the header."""
    data = _read_bytes(uploaded_file, max_bytes)
    is_zip = data.startswith((b"PK\x03\x04", b"PK\x05\x06"))
    table = _xlsx_table(data, max_bytes) if is_zip else _csv_table(data)
    if not table or not any(cell != "" for cell in table[0]):
        raise ImportFileError(_("The first line of the file must name the columns."))
    labels = _header(table[0])
    return [
        RosterRow(line, {label: _cell(cells, at) for at, label in labels.items()})
        for line, cells in enumerate(table[1:], 2)
        if any(cell != "" for cell in cells)
    ]


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


def _cell(cells, at):
    return cells[at] if at < len(cells) else ""


def _capped(rows):
    for count, row in enumerate(rows, 1):
        if count > MAX_ROWS + 1:
            message = _("This file has over %(count)s rows. Split it, please.")
            raise ImportFileError(message % {"count": MAX_ROWS})
        yield row


def _csv_table(data):
    text = _csv_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)  # Excel may save with ; or tabs
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [[unguard(value) for value in row] for row in _capped(reader)]
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


def _xlsx_table(data, max_bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > UNPACKED_RATIO * max_bytes:
            raise ValueError("unpacks too large")
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # trust the rows, not a stated size
            rows = _capped(sheet.iter_rows(values_only=True))
            return [[_xlsx_value(value) for value in row] for row in rows]
        finally:
            book.close()
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl fails in many ways on a damaged file
        raise _not_a_spreadsheet() from error


def _xlsx_value(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # a phone number typed as a number
    return value


def _header(cells):
    """Return {position: label} of the known columns; check the required ones."""
    lookup, labels, found = _column_lookup(), {}, set()
    for position, cell in enumerate(cells):
        label = str(cell).strip()
        identifier = lookup.get(label.lower())
        if identifier in found:
            raise ImportFileError(
                _("The column “%(label)s” appears twice.") % {"label": label}
            )
        if identifier:
            labels[position] = label
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


def _differs(old, new):
    """Tell whether a new value changes the stored one; the file holds minutes."""
    if isinstance(old, datetime.datetime) and isinstance(new, datetime.datetime):
        return _minute(old) != _minute(new)
    return old != new


def _minute(moment):
    return timezone.localtime(moment).replace(second=0, microsecond=0)


def _organizations_named(names):
    """Return {lower-case name: organization} for the names that exist, in 1 query."""
    if not names:
        return {}
    keys = [Lower(Value(name)) for name in names]
    found = Organization.objects.annotate(
        key_en=Lower("name_en"), key_zh_hans=Lower("name_zh_hans")
    ).filter(Q(key_en__in=keys) | Q(key_zh_hans__in=keys))
    # A file may name an organization in either language.
    return {
        name.lower(): organization
        for organization in found
        for name in (organization.name_en, organization.name_zh_hans)
        if name
    }


class _Planner:
    """Turn roster rows into an ImportPlan, keeping the lookups rows share."""

    def __init__(self, event, organizations):
        self.plan = ImportPlan(event=event)
        self.parsers = {name: column.parser() for name, column in COLUMNS.items()}
        # {identifier: participant field} of the columns imported as they are
        self.fields = {name: c.field for name, c in COLUMNS.items() if c.field}
        existing = list(event.participants.all())
        self.by_email = {p.email.lower(): p for p in existing if p.email}
        nameable = [p for p in existing if not p.email]  # matched by name only
        count = Counter(p.full_name.lower() for p in nameable)
        self.by_name = {
            p.full_name.lower(): p for p in nameable if count[p.full_name.lower()] == 1
        }
        self.organizations = organizations
        self.emails, self.claimed = {}, {}

    def add(self, line, cells):
        """Plan one row: {identifier: (label, value)}; a row with errors adds none."""
        errors = []
        values = self.parse(cells, errors)
        organization = self.organization(values, errors)
        target = self.match(line, values, errors)
        self.require(values, target, errors)
        participant, changed = self.build(target, values, organization)
        errors += self.validate(participant, changed)
        for name, reason in errors:
            label = cells.get(name, ("", ""))[0]
            self.plan.errors.append(RowError(line=line, column=label, reason=reason))
        if not errors:
            self.record(target, participant, changed)

    def parse(self, cells, errors):
        values = {}
        for name, (_label, raw) in cells.items():
            try:
                if raw != "":
                    values[name] = self.parsers[name](raw)
            except ValidationError as error:
                errors.append((name, error.messages[0]))
        return values

    def organization(self, values, errors):
        """Return the organization the row names, planning it once if it is new."""
        name = values.get("organization", "")
        key, kind = name.lower(), values.get("organization_kind", "other")
        if name and key not in self.organizations:
            # Stored as the name in the language it is written in.
            organization = Organization(kind=kind)
            setattr(organization, language_column("name", written_in(name)), name)
            try:
                Organization._meta.get_field("name").clean(name, organization)
                self.plan.new_organizations.append(organization)
            except ValidationError as error:
                organization = error
            self.organizations[key] = organization
        if isinstance(self.organizations.get(key), ValidationError):
            errors.append(("organization", self.organizations[key].messages[0]))
            return None
        return self.organizations.get(key) if name else None

    def match(self, line, values, errors):
        """Return the participant this row updates: same email, else same name."""
        email = values.get("email", "").lower()
        if email in self.emails:
            reason = _("This email is also on line %(line)s.")
            errors.append(("email", reason % {"line": self.emails[email]}))
            return None
        if email:
            self.emails[email] = line
            return self.by_email.get(email)
        target = self.by_name.get(values.get("full_name", "").lower())
        if target and target.pk in self.claimed:
            reason = _("Line %(line)s already updates the participant of this name.")
            errors.append(("full_name", reason % {"line": self.claimed[target.pk]}))
            return None
        if target:
            self.claimed[target.pk] = line
        return target

    def require(self, values, target, errors):
        failed = {name for name, _reason in errors}
        if "full_name" not in values and "full_name" not in failed:
            errors.append(("full_name", _("The full name is required.")))
        if target is None and "category" not in values and "category" not in failed:
            errors.append(("category", _("A new participant needs a category.")))

    def build(self, target, values, organization):
        """Return the participant with the row's values and {field: identifier}."""
        participant = (
            copy.copy(target) if target else Participant(event=self.plan.event)
        )
        changed = {}
        for name, attribute in self.fields.items():
            if name in values and (
                target is None or _differs(getattr(target, attribute), values[name])
            ):
                setattr(participant, attribute, values[name])
                changed[attribute] = name
        if organization and (
            target is None
            or organization.pk is None
            or organization.pk != target.organization_id
        ):
            participant.organization = organization
            changed["organization"] = "organization"
        return participant, changed

    def validate(self, participant, changed):
        """Return (identifier, message) for what the model rejects among changes."""
        exclude = [f.name for f in Participant._meta.fields if f.name not in changed]
        exclude.append("organization")  # checked above, without a query per row
        try:
            participant.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            messages = error.message_dict.items()
            return [
                (changed.get(name, name), text)
                for name, texts in messages
                for text in texts
            ]
        return []

    def record(self, target, participant, changed):
        if target is None:
            self.plan.creates.append(participant)
        elif changed:
            self.plan.updates.append(participant)
            self.plan.changed_fields[participant.pk] = list(changed)
        else:
            self.plan.unchanged += 1


def plan_import(*, event: Event, uploaded_file) -> ImportPlan:
    """Check a roster file against the event's roster; write nothing."""
    max_bytes = getattr(settings, "ROSTER_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
    rows, lookup = read_roster(uploaded_file, max_bytes=max_bytes), _column_lookup()
    # {identifier: (label as in the file, value)}
    rows = [
        (row.line, {lookup[k.lower()]: (k, v) for k, v in row.items()}) for row in rows
    ]
    names = {str(cells.get("organization", ("", ""))[1]).lower() for _, cells in rows}
    planner = _Planner(event, _organizations_named(names - {""}))
    for line, cells in rows:
        planner.add(line, cells)
    return planner.plan


def apply_import(*, plan: ImportPlan) -> tuple[int, int]:
    """Write a checked plan in one transaction; return (created, updated)."""
    if plan.errors:
        raise ValueError("An import plan with errors cannot be applied.")
    with transaction.atomic():
        content_changed()  # bulk writes send no signals; the event page changes
        Organization.objects.bulk_create(plan.new_organizations)
        Participant.objects.bulk_create(plan.creates)
        _save_updates(plan)
    return len(plan.creates), len(plan.updates)


def _save_updates(plan):
    """Update each participant's changed fields only, one query per set of fields."""
    now, groups = timezone.now(), {}
    for participant in plan.updates:
        participant.updated_at = now  # bulk_update skips auto_now
        fields = tuple(plan.changed_fields[participant.pk])
        groups.setdefault(fields, []).append(participant)
    for fields, participants in groups.items():
        Participant.objects.bulk_update(participants, [*fields, "updated_at"])
