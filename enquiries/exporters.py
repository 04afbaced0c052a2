"""The leads' columns and exporters (the machinery is in hangzhou_mice)."""

from django.utils.translation import gettext_lazy as _

from hangzhou_mice import exports
from hangzhou_mice.columns import Boolean, Choice, DateTime, Text, registry

from .models import Lead

COLUMNS = registry(
    Text("reference", _("Reference"), importable=False),
    Choice("status", _("Status"), choices=Lead.Status),
    DateTime("status_changed_at", _("Status since"), importable=False),
    Choice("source", _("Source"), choices=Lead.Source),
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
    Choice("rotation", _("Rotation area"), choices=Lead.Rotation),
    Text("year", _("Year")),
    Text("start_date", _("First day")),
    Text("end_date", _("Last day")),
    Text("delegates", _("Expected delegates")),
    Text("days", _("Days")),
    Text("peak_rooms", _("Guest rooms on the peak night")),
    Text("rotation_pattern", _("Rotation pattern")),
    Text("rotation_countries", _("Countries in the rotation")),
    Choice("frequency", _("Frequency"), choices=Lead.Frequency),
    Boolean("qualifies_icca", _("Counts for ICCA"), importable=False),
    Text("owner", _("Owner"), "owner__username", importable=False),
    Text("ambassador", _("Ambassador"), "ambassador__name", importable=False),
    Text("bid_deadline", _("Bid deadline")),
    Text("decision_date", _("Decision date")),
    Choice("lost_reason", _("Reason lost"), choices=Lead.LostReason),
    Text("lost_to", _("Lost to")),
    Text("won_event", _("Event it became"), "won_event__title", importable=False),
    Text("notes", _("Notes"), default=False),
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
