"""The roster's columns, declared once, and its exporters.

The CSV and XLSX exports, the import, the export form, the benchmark data
and its anchors all read COLUMNS: exporting one more participant field is
one entry here. The machinery is in hangzhou_mice/columns.py and exports.py.
"""

from django.utils.translation import gettext_lazy as _

from hangzhou_mice import exports
from hangzhou_mice.columns import (
    SAMPLE_MOMENT,
    Boolean,
    Choice,
    DateTime,
    Text,
    registry,
)

from .models import Organization, Participant

COLUMNS = registry(
    # One event's roster needs no event column; a selection across events does.
    Text("event", _("Event"), "event__title", default=False),
    Text("full_name", _("Full name"), sample="Delegate {i}"),
    Text(
        "chinese_name", _("Name in Chinese"), sample=lambda i: "代表" if i % 3 else ""
    ),
    Text("job_title", _("Job title"), sample="Delegate"),
    Text("chinese_job_title", _("Job title in Chinese"), sample="参会代表"),
    Text("organization", _("Organization"), "organization__name"),
    # Imported, it gives a new organization its city (the participation
    # sentence names a group's city); an existing one keeps its own.
    Text(
        "organization_city",
        _("Organization city"),
        "organization__city",
        default=False,
        sample="Hangzhou",
    ),
    Choice(
        "organization_kind",
        _("Organization kind"),
        "organization__kind",
        choices=Organization.Kind,
    ),
    Choice("category", _("Category"), choices=Participant.Category),
    Text("email", _("Email"), sample="delegate{i}@example.org"),
    Text("phone", _("Phone"), sample="+86 571 0000 0000"),
    Text("country", _("Country"), sample="China"),
    Text("notes", _("Notes"), sample=lambda i: "" if i % 997 else "=1+1"),
    Boolean("is_public", _("Public guest")),
    DateTime("registered_at", _("Registered at")),
    DateTime(
        "checked_in_at",
        _("Checked in at"),
        sample=lambda i: SAMPLE_MOMENT if i % 2 else None,
    ),
)


class RosterExporter(exports.Exporter):
    registry = COLUMNS
    ordering = ("full_name", "pk")
    slug = "roster"
    title = _("Roster")


class CSVExporter(RosterExporter, exports.CSVExporter):
    pass


class XLSXExporter(RosterExporter, exports.XLSXExporter):
    pass


EXPORTERS = {exporter.identifier: exporter for exporter in (CSVExporter, XLSXExporter)}
# The default columns as declared; RosterExporter.default_columns() reads COLUMNS now.
ROSTER_COLUMNS = RosterExporter.default_columns()
