from django.db import transaction

from hangzhou_mice.pagecache import content_changed

from .exporters import EXPORTERS
from .models import RosterExport


def roster_filter(queryset, *, categories=(), checked_in=""):
    """Narrow a roster by category and by checked-in state ("yes"/"no"/"")."""
    if categories:
        queryset = queryset.filter(category__in=categories)
    if checked_in in ("yes", "no"):
        queryset = queryset.filter(checked_in_at__isnull=checked_in == "no")
    return queryset


def roster_export(*, user, event, queryset, file_format, columns, filters, source):
    """Record an export in the audit log and return the exporter to run."""
    exporter = EXPORTERS[file_format](queryset, columns)
    RosterExport.objects.create(
        user=user,
        username=user.get_username() if user else "",
        event=event,
        event_title=event.title if event else "",
        format=file_format,
        filters={**filters, "columns": exporter.columns},
        row_count=queryset.count(),
        source=source,
    )
    return exporter


def participants_check_in(*, queryset, moment):
    """Mark participants checked in at `moment`; keep earlier check-ins."""
    with transaction.atomic():
        content_changed()  # an update() sends no signal
        return queryset.filter(checked_in_at__isnull=True).update(checked_in_at=moment)
