"""Roster imports: read a CSV or XLSX file shaped like the export, check every
row, and show what would change before anything is written.

A blank cell never erases: on an existing participant it keeps the stored value.
The rows read at the dry run wait in the database (PendingImport), never on
disk, and are planned again against the roster of the moment when confirmed.
Every case-insensitive match follows PostgreSQL's lower(), the rule of the
unique constraints, never Python's str.lower().
"""

import copy
import csv
import datetime
import io
import math
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from hangzhou_mice import audit
from hangzhou_mice.columns import by_label, unguard
from hangzhou_mice.pagecache import content_changed
from hangzhou_mice.translated import language_column, written_in

from .exporters import COLUMNS
from .models import Event, Organization, Participant, PendingImport

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
MAX_ENTRIES = 200  # parts of an XLSX archive; a workbook Excel saves has ~10-30
REQUIRED = ("full_name", "category")
FOLDED = ("full_name", "email", "organization")  # matched regardless of case
BINARY_SIGNATURES = (b"\x89PNG", b"%PDF", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0")
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ImportFileError(Exception):
    """A file we cannot read at all; str(error) is a clear message for staff."""


class ImportConflictError(Exception):
    """The database refused the import; str(error) is a clear message for staff."""


@dataclass
class RowError:
    line: int
    column: str
    reason: str


@dataclass
class Roster:
    """What a file holds: {identifier: heading as written}, then its data rows
    as [line, {identifier: non-blank cell}]; plain JSON, kept between requests."""

    columns: dict[str, str]
    rows: list = field(default_factory=list)


@dataclass
class ImportPlan:
    event: Event
    roster: Roster | None = None
    creates: list[Participant] = field(default_factory=list)
    updates: list[Participant] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_organizations: list[Organization] = field(default_factory=list)
    unchanged: int = 0  # rows matching a participant that already has these values
    changed_fields: dict[int, list[str]] = field(default_factory=dict)  # pk -> fields

    @property
    def ok(self) -> bool:
        return not self.errors


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


def _differs(old, new):
    """Tell whether a new value changes the stored one; the file holds minutes."""
    if isinstance(old, datetime.datetime) and isinstance(new, datetime.datetime):
        return _minute(old) != _minute(new)
    return old != new


def _minute(moment):
    return timezone.localtime(moment).replace(second=0, microsecond=0)


def _folded(roster):
    """Return {text: lower(text)} for the file's names, emails and organizations.

    PostgreSQL computes them, in one query, with the function the unique
    constraints use: Python lower-cases İ, ς and Σ differently.
    """
    texts = {
        str(cells[name])
        for _line, cells in roster.rows
        for name in FOLDED
        if name in cells
    }
    if not texts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT x, lower(x) FROM unnest(%s::text[]) AS x", [[*texts]])
        return dict(cursor.fetchall())


def _organizations_named(keys):
    """Return {lower(name): organization} for the keys that exist, in 1 query."""
    if not keys:
        return {}
    found = Organization.objects.annotate(
        key_en=Lower("name_en"), key_zh_hans=Lower("name_zh_hans")
    ).filter(Q(key_en__in=keys) | Q(key_zh_hans__in=keys))
    # A file may name an organization in either language.
    return {
        key: organization
        for organization in found
        for key in (organization.key_en, organization.key_zh_hans)
        if key
    }


def _existing(event):
    """Return the roster as ({lower(email): p}, {lower(name): p} of the
    participants without email whose name is theirs alone), in 1 query."""
    existing = event.participants.annotate(
        email_key=Lower("email"), name_key=Lower("full_name")
    )
    by_email, nameable = {}, []
    for participant in existing:
        if participant.email:
            by_email[participant.email_key] = participant
        else:
            nameable.append(participant)
    count = Counter(p.name_key for p in nameable)
    return by_email, {p.name_key: p for p in nameable if count[p.name_key] == 1}


class _Planner:
    """Turn roster rows into an ImportPlan, keeping the lookups rows share."""

    def __init__(self, event, roster):
        self.plan = ImportPlan(event=event, roster=roster)
        self.labels, self.keys = roster.columns, _folded(roster)
        self.parsers = {name: column.parser() for name, column in COLUMNS.items()}
        # {identifier: participant field} of the columns imported as they are
        self.fields = {name: c.field for name, c in COLUMNS.items() if c.field}
        self.by_email, self.by_name = _existing(event)
        named = {str(cells.get("organization", "")) for _line, cells in roster.rows}
        self.organizations = _organizations_named(
            {self.keys[name] for name in named - {""}}
        )
        self.emails, self.claimed = {}, {}

    def key(self, values, name):
        """Return lower() of a parsed text as the database computed it."""
        return self.keys.get(values.get(name, ""), "")

    def add(self, line, cells):
        """Plan one row: {identifier: raw cell}; a row with errors adds none."""
        errors = []
        values = self.parse(cells, errors)
        organization = self.organization(values, errors)
        target = self.match(line, values, errors)
        self.require(values, target, errors)
        participant, changed = self.build(target, values, organization)
        errors += self.validate(participant, changed)
        for name, reason in errors:
            label = self.labels.get(name, "")
            self.plan.errors.append(RowError(line=line, column=label, reason=reason))
        if not errors:
            self.record(target, participant, changed)

    def parse(self, cells, errors):
        values = {}
        for name, raw in cells.items():
            try:
                values[name] = self.parsers[name](raw)
            except ValidationError as error:
                errors.append((name, error.messages[0]))
        return values

    def organization(self, values, errors):
        """Return the organization the row names, planning it once if it is new."""
        name, key = values.get("organization", ""), self.key(values, "organization")
        if name and key not in self.organizations:
            # Stored as the name in the language it is written in.
            organization = Organization(kind=values.get("organization_kind", "other"))
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
        email = self.key(values, "email")
        if email in self.emails:
            reason = _("This email is also on line %(line)s.")
            errors.append(("email", reason % {"line": self.emails[email]}))
            return None
        if email:
            self.emails[email] = line
            return self.by_email.get(email)
        target = self.by_name.get(self.key(values, "full_name"))
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
    roster = read_roster(uploaded_file, max_bytes=max_bytes)
    return plan_roster(event=event, roster=roster)


def plan_roster(*, event: Event, roster: Roster) -> ImportPlan:
    """Check rows already read against the event's roster as it is now."""
    planner = _Planner(event, roster)
    for line, cells in roster.rows:
        planner.add(line, cells)
    return planner.plan


def apply_import(*, plan: ImportPlan, user=None) -> tuple[int, int]:
    """Write a checked plan in one transaction; return (created, updated).

    Raise ImportConflictError, with nothing written, when the database
    refuses a row the plan could not foresee (a roster changed meanwhile).
    """
    if plan.errors:
        raise ValueError("An import plan with errors cannot be applied.")
    try:
        with transaction.atomic():
            content_changed()  # bulk writes send no signals; the event page changes
            Organization.objects.bulk_create(plan.new_organizations)
            Participant.objects.bulk_create(plan.creates)
            _save_updates(plan)
            _audit(plan, user)
    except IntegrityError as error:
        raise ImportConflictError(_conflict_message(error)) from error
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


def _audit(plan, user):
    if user is not None:  # counts only: names and emails stay out of the log
        audit.record(
            user=user,
            action="roster.import",
            subject=f"event:{plan.event.pk}",
            created=len(plan.creates),
            updated=len(plan.updates),
            unchanged=plan.unchanged,
            organizations_created=len(plan.new_organizations),
        )


def _conflict_message(error):
    """Say which rule the database enforced, in the constraint's own words."""
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    reason = next(
        (
            constraint.violation_error_message
            for model in (Participant, Organization)
            for constraint in model._meta.constraints
            if constraint.name == name
        ),
        _("The database refused a row."),
    )
    return _(
        "Nothing was imported: %(reason)s Check the file again; "
        "someone may have changed the roster meanwhile."
    ) % {"reason": reason}


def pending_import_create(*, event: Event, user, plan: ImportPlan, file_name: str):
    """Keep the rows of a checked file until staff confirm; return the PendingImport.

    Starting an import also deletes what has waited too long, and the same
    person's earlier pending import of this event.
    """
    with transaction.atomic():
        pending_imports_sweep()
        PendingImport.objects.filter(event=event, user=user).delete()
        return PendingImport.objects.create(
            event=event,
            user=user,
            file_name=file_name[:255],
            columns=plan.roster.columns,
            rows=plan.roster.rows,
        )


def pending_import_claim(*, event: Event, user, token: str) -> Roster | None:
    """Take a pending import's rows and delete it; a second claim gets None."""
    if not (token.isascii() and token.isdigit() and len(token) < 19):
        return None  # not a bigint primary key
    with transaction.atomic():
        pending = (
            PendingImport.objects.select_for_update()
            .filter(pk=int(token), event=event, user=user, created_at__gte=_expiry())
            .only("columns", "rows")
            .first()
        )
        if pending is None:
            return None
        pending.delete()
    return Roster(columns=pending.columns, rows=pending.rows)


def pending_imports_sweep() -> int:
    """Delete the pending imports older than ROSTER_IMPORT_PENDING_HOURS."""
    deleted, _by_model = PendingImport.objects.filter(created_at__lt=_expiry()).delete()
    if deleted:
        audit.record(user=None, action="roster.pending_import_sweep", deleted=deleted)
    return deleted


def _expiry():
    hours = settings.ROSTER_IMPORT_PENDING_HOURS
    return timezone.now() - datetime.timedelta(hours=hours)
