"""A model's exportable columns, declared once.

An app lists a model's columns in a registry; the CSV cell (computed in SQL),
the XLSX cell, the import parser, the export form and the benchmark's sample
rows all derive from it, so a new column is one entry::

    COLUMNS = registry(
        Text("email", _("Email")),
        Choice("source", _("Source"), choices=Lead.Source),
        DateTime("received", _("Received at"), source="created_at"),
    )

The exporters built on a registry are in hangzhou_mice/exports.py. Nothing
here imports an app: apps pass their choices in.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

SAMPLE_MOMENT = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
BOOLEANS = dict.fromkeys(("yes", "true", "1", "是"), True)
BOOLEANS |= dict.fromkeys(("no", "false", "0", "否"), False)
# 2026-03-01, 2026/3/1 9:30 (Excel's Chinese locale), 2026-03-01T09:30:15
LOCAL_MOMENT = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d*)?)?)?"
)


def _codes(characters):
    return ", ".join(str(ord(character)) for character in characters)


# What defusedcsv does to a cell, in SQL: a text starting with = + - @ | %
# (unless it is a plain number) gets a leading apostrophe and its pipes
# escaped; a leading tab or carriage return gets the apostrophe too. The
# first character is told by its code point: a regular expression decodes the
# whole text first, and three per cell took half the roster export's time.
FORMULA_STARTS = "=+-@|%"
CONTROL_STARTS = "\t\r"
FORMULA_GUARD = (
    f"CASE WHEN ascii({{c}}) NOT IN ({_codes(FORMULA_STARTS + CONTROL_STARTS)}) "
    "THEN {c} "
    f"WHEN ascii({{c}}) IN ({_codes(CONTROL_STARTS)}) THEN '''' || {{c}} "
    "WHEN {c} ~ '^-?[0-9,.]+$' THEN {c} "
    "ELSE '''' || replace({c}, '|', '\\|') END"
)
# How a guarded text starts after its apostrophe; a leading pipe is escaped.
GUARDED_STARTS = ("=", "+", "-", "@", "%", "\\|")


def guarded(sql, params=()):
    """Return (sql, params) giving the text of `sql` safe from formulas."""
    return FORMULA_GUARD.format(c=sql), [*params] * FORMULA_GUARD.count("{c}")


def text_cell(name):
    """Return (sql, params) of a guarded text cell; empty text is left unquoted."""
    sql, params = guarded(f"{name}::text")
    return f"NULLIF({sql}, '')", params


def unguard(value):
    """Undo the guard on a text read back from a CSV export, and trim it."""
    if value[:1] == "'" and value[1:].startswith(GUARDED_STARTS):
        return value[1:].replace("\\|", "|").strip()  # as defusedcsv wrote it
    return value[1:].strip() if value[:2] in ("'\t", "'\r") else value.strip()


def by_label(pairs):
    """Map each value, and its label in every site language, lower-cased, to it."""
    lookup = {}
    for value, label in pairs:
        lookup[str(value).lower()] = value
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                lookup[str(label).strip().lower()] = value
    return lookup


def registry(*columns):
    """Return {identifier: column} in the order given."""
    found = {column.identifier: column for column in columns}
    if len(found) != len(columns):
        raise ImproperlyConfigured("Two columns share an identifier.")
    return found


def _blank_or_value(value):
    return "" if value is None else value


class Column:
    """One column: where its value comes from, how it is written and read.

    `source` is an ORM path, the identifier by default. A column whose source
    is a field of the model itself is imported into that field unless
    `importable=False`; `default=False` leaves it out unless asked for.
    `sample` gives the benchmark data: a function of the row number, or a
    text formatted with `i`; each kind has its own otherwise.
    """

    def __init__(
        self,
        identifier,
        heading,
        source=None,
        *,
        importable=True,
        default=True,
        sample=None,
    ):
        self.identifier = identifier
        self.heading = heading
        self.source = source or identifier
        self.field = self.source if importable and "__" not in self.source else None
        self.default = default
        self.example = sample

    def __repr__(self):
        return f"<{type(self).__name__}: {self.identifier}>"

    def csv_sql(self, name):
        """Return (sql, params) of the CSV cell from the subquery column `name`."""
        raise NotImplementedError

    def converter(self):
        """Return a function turning a stored value into an XLSX cell."""
        return _blank_or_value

    def parser(self):
        """Return a function turning a non-blank imported cell into a value."""
        raise NotImplementedError

    def sampler(self):
        """Return a function giving the value of benchmark row `i`."""
        example = self.example
        if example is None:
            return self.default_sampler()
        if callable(example):
            return example
        if "{" in example:
            return lambda i: example.format(i=i)
        return lambda i: example

    def default_sampler(self):
        raise NotImplementedError


class Text(Column):
    """Text as stored; guarded against formulas in the CSV."""

    def csv_sql(self, name):
        return text_cell(name)

    def parser(self):
        return str

    def default_sampler(self):
        return lambda i: f"{self.identifier} {i}"


class Choice(Column):
    """One of fixed values, written and read by its label."""

    def __init__(self, identifier, heading, source=None, *, choices, **options):
        super().__init__(identifier, heading, source, **options)
        self.labels = dict(getattr(choices, "choices", choices))

    def csv_sql(self, name):
        # The guard over a constant label is folded when the query is planned.
        cases, params = [], []
        for value, label in self.labels.items():
            sql, label_params = guarded("%s", [str(label)])
            cases.append(f"WHEN %s THEN {sql}")
            params += [value, *label_params]
        other, other_params = text_cell(name)
        return f"CASE {name} {' '.join(cases)} ELSE {other} END", params + other_params

    def converter(self):
        labels = {value: str(label) for value, label in self.labels.items()}
        return lambda value: "" if value is None else labels.get(value, value)

    def parser(self):
        lookup = by_label(self.labels.items())

        def parse(raw):
            choice = lookup.get(str(raw).strip().lower())
            if choice is None:
                labels = ", ".join(str(label) for label in self.labels.values())
                raise ValidationError(
                    _("“%(value)s” is not one of: %(labels)s.")
                    % {"value": raw, "labels": labels}
                )
            return choice

        return parse

    def default_sampler(self):
        values = list(self.labels)
        return lambda i: values[i % len(values)]


class Boolean(Column):
    """Yes or no."""

    def csv_sql(self, name):
        return f"CASE WHEN {name} THEN 'yes' ELSE 'no' END", []

    def converter(self):
        return lambda value: "yes" if value else "no"

    def parser(self):
        return parse_boolean

    def default_sampler(self):
        return lambda i: False


class DateTime(Column):
    """A moment, written in the current time zone to the minute."""

    def csv_sql(self, name):
        zone = timezone.get_current_timezone_name()
        return f"to_char({name} AT TIME ZONE %s, 'YYYY-MM-DD HH24:MI')", [zone]

    def converter(self):
        zone = timezone.get_current_timezone()
        # Naive, so the spreadsheet gets a date cell showing the local time.
        return lambda value: (
            "" if value is None else value.astimezone(zone).replace(tzinfo=None)
        )

    def parser(self):
        return parse_moment

    def default_sampler(self):
        return lambda i: SAMPLE_MOMENT


def parse_boolean(value):
    if isinstance(value, bool):
        return value
    key = str(value).strip().lower()
    if key not in BOOLEANS:
        raise ValidationError(_("Write yes or no."))
    return BOOLEANS[key]


def parse_moment(value):
    """Return an aware datetime from an Excel date or a YYYY-MM-DD [HH:MM] text."""
    moment = _naive_or_aware_moment(value)
    if not 1900 <= moment.year <= 2100:
        raise ValidationError(_("Give a date between 1900 and 2100."))
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _naive_or_aware_moment(value):
    if isinstance(value, datetime.datetime):
        return value
    match = LOCAL_MOMENT.fullmatch(str(value))
    try:
        if not match:
            return datetime.datetime.fromisoformat(str(value))
        parts = [int(part or 0) for part in match.groups()]
        return datetime.datetime(*parts, tzinfo=timezone.get_current_timezone())
    except ValueError:
        message = _("Write a date as YYYY-MM-DD or YYYY-MM-DD HH:MM.")
        raise ValidationError(message) from None
