from django.core.exceptions import PermissionDenied
from django.db import transaction

from hangzhou_mice.pagecache import items_changed

from .exporters import EXPORTERS
from .models import Event, RosterExport

# Taking a roster out needs the right to see what it holds, in the admin too.
EXPORT_PERMISSIONS = (
    "events.export_roster",
    "events.view_event",
    "events.view_participant",
)


def may_export_roster(user) -> bool:
    """Whether `user` may export rosters; drafts' rosters follow the same rule."""
    return user is not None and user.has_perms(EXPORT_PERMISSIONS)


def roster_filter(queryset, *, categories=(), checked_in=""):
    """Narrow a roster by category and by checked-in state ("yes"/"no"/"")."""
    if categories:
        queryset = queryset.filter(category__in=categories)
    if checked_in in ("yes", "no"):
        queryset = queryset.filter(checked_in_at__isnull=checked_in == "no")
    return queryset


def roster_export(
    *, user, event, queryset, file_format, columns, filters, source, row_count=None
):
    """Record an export in the audit log and return the exporter to run.

    Every export path comes here, so refuse whoever may not export. A caller
    that counted the rows already passes `row_count`, saving a second count.
    """
    if not may_export_roster(user):
        raise PermissionDenied
    exporter = EXPORTERS[file_format](queryset, columns)
    RosterExport.objects.create(
        user=user,
        username=user.get_username(),
        event=event,
        event_title=event.title if event else "",
        format=file_format,
        filters={**filters, "columns": exporter.columns},
        row_count=queryset.count() if row_count is None else row_count,
        source=source,
    )
    return exporter


def participants_check_in(*, queryset, moment):
    """Mark participants checked in at `moment`; keep earlier check-ins."""
    with transaction.atomic():
        # An update() sends no signal: the pages of the events concerned.
        events = queryset.order_by().values_list("event_id", flat=True).distinct()
        items_changed(Event, list(events))
        return queryset.filter(checked_in_at__isnull=True).update(checked_in_at=moment)
