"""Planning an import: every row checked against the roster as it is now,
and what would change, before anything is written."""

import copy
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from hangzhou_mice.translated import language_column, written_in

from ..exporters import COLUMNS
from ..models import Event, Organization, Participant
from .reading import Roster, read_roster

FOLDED = ("full_name", "email", "organization")  # matched regardless of case


@dataclass
class RowError:
    line: int
    column: str
    reason: str
    value: str = ""  # the cell as the file has it
    who: str = ""  # whose row: its full name, else its email


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


def plan_import(*, event: Event, uploaded_file) -> ImportPlan:
    """Check a roster file against the event's roster; write nothing."""
    max_bytes = settings.ROSTER_IMPORT_MAX_BYTES
    roster = read_roster(uploaded_file, max_bytes=max_bytes)
    return plan_roster(event=event, roster=roster)


def plan_roster(*, event: Event, roster: Roster) -> ImportPlan:
    """Check rows already read against the event's roster as it is now."""
    planner = _Planner(event, roster)
    for line, cells in roster.rows:
        planner.add(line, cells)
    return planner.plan


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
        who = str(cells.get("full_name") or cells.get("email") or "")[:100]
        for name, reason in errors:
            label = self.labels.get(name, "")
            value = cells.get(name)
            self.plan.errors.append(
                RowError(
                    line=line,
                    column=label,
                    reason=reason,
                    value="" if value is None else str(value)[:100],
                    who=who,
                )
            )
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
            if city := values.get("organization_city", ""):
                setattr(organization, language_column("city", written_in(city)), city)
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
