"""Rows of a checked file kept in the database until staff confirm them."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hangzhou_mice import audit

from ..models import Event, PendingImport
from .planning import ImportPlan
from .reading import Roster


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
