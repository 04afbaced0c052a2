"""The leads' columns and exporters (the machinery is in hangzhou_mice)."""

from django.utils.translation import gettext_lazy as _

from hangzhou_mice import exports
from hangzhou_mice.columns import Boolean, Choice, DateTime, Text, registry

from .models import Lead

COLUMNS = registry(
    Text("reference", _("Reference"), importable=False),
    Choice("status", _("Status"), choices=Lead.Status),
    DateTime("created_at", _("Received"), importable=False),
    Text("name", _("Name")),
    Text("organisation", _("Organisation")),
    Text("role", _("Role")),
    Text("email", _("Email")),
    Text("phone", _("Phone")),
    Text("country", _("Country or region")),
    Text("meeting_name", _("Meeting")),
    Text("association", _("Association or organiser")),
    Choice("kind", _("Kind of meeting"), choices=Lead.Kind),
    Choice("rotation", _("Rotation"), choices=Lead.Rotation),
    Text("year", _("Year")),
    Text("start_date", _("First day")),
    Text("end_date", _("Last day")),
    Text("delegates", _("Expected delegates")),
    Text("peak_rooms", _("Guest rooms on the peak night")),
    Text("owner", _("Owner"), "owner__username", importable=False),
    Boolean("shares_with_venues", _("May be shared with venues and hotels")),
    Boolean("shares_abroad", _("May be shared with partners abroad")),
    Text("message", _("Message"), default=False),
)


class LeadExporter(exports.Exporter):
    registry = COLUMNS
    ordering = ("-created_at", "pk")
    slug = "leads"
    title = _("Leads")


class CSVExporter(LeadExporter, exports.CSVExporter):
    pass


class XLSXExporter(LeadExporter, exports.XLSXExporter):
    pass
