"""Roster retention: anonymise an event's delegates once its roster is due.

Participants who are not public guests lose their names, emails, phones,
job titles, countries and notes, pretix-style (subjects.anonymised), and
the roster's pending uploads and export files go. Their rows stay with
their organization and category, so the public participation summary,
which counts organizations by kind and leaves bureau staff out, says the
same after a purge; check-in times stay for attendance counts.
"""

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Q
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone, translation

from hangzhou_mice import adminlog, audit

from .models import Event, Participant, PendingImport
from .models.events import AddMonths
from .subjects import ERASED_NAME, anonymised
from .tasks import roster_export_jobs_withdraw


def erased_name() -> str:
    """The placeholder name, in the site's main language whoever runs it."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(ERASED_NAME)


def identifying(participants, placeholder):
    """The entries that still hold something anonymising would erase."""
    erased = Q(**anonymised(placeholder))
    return participants.exclude(erased)


def roster_purge(*, event: Event, user=None) -> dict:
    """Anonymise the non-public entries of `event`'s roster; return the counts.

    Safe to run again: only entries added or changed since are touched.
    """
    placeholder = erased_name()
    now = timezone.now()
    with transaction.atomic():
        delegates = Participant.objects.filter(event=event, is_public=False)
        pks = list(delegates.values_list("pk", flat=True))
        changed = identifying(delegates, placeholder).update(
            **anonymised(placeholder), updated_at=now
        )
        counts = {
            "participants": changed,
            "admin_log_entries": adminlog.scrub(
                Participant, pks, replacement=placeholder
            ),
            "pending_imports": PendingImport.objects.filter(event=event).delete()[0],
            "export_jobs": roster_export_jobs_withdraw(event_ids=[event.pk]),
        }
        Event.objects.filter(pk=event.pk).update(roster_purged_at=now)
        event.roster_purged_at = now
        audit.record(
            user=user, action="roster.purge", subject=f"event:{event.pk}", **counts
        )
    return counts


def forgotten_participant_log():
    """Admin log entries of participants no longer on any roster, logged
    over ROSTER_RETENTION_MONTHS months ago and not yet scrubbed."""
    tz = timezone.get_default_timezone()
    kept_until = AddMonths(
        TruncDate("action_time", tzinfo=tz), months=settings.ROSTER_RETENTION_MONTHS
    )
    existing = Participant.objects.values(key=Cast("pk", CharField()))
    return (
        LogEntry.objects.alias(kept_until=kept_until)
        .filter(
            content_type=ContentType.objects.get_for_model(Participant),
            kept_until__lt=timezone.localdate(timezone=tz),
        )
        .exclude(object_id__in=existing)
        .exclude(object_repr=erased_name())
    )


def deleted_participants_scrub(*, user=None) -> int:
    """Scrub the names of deleted participants from the admin log: deleted
    one by one or with their event, no event says when they are due."""
    with transaction.atomic():
        pks = list(forgotten_participant_log().values_list("object_id", flat=True))
        count = adminlog.scrub(Participant, pks, replacement=erased_name())
        if count:
            audit.record(
                user=user, action="roster.purge_deleted", admin_log_entries=count
            )
    return count
