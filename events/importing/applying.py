"""Applying a checked plan: all rows in one transaction, or none."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangzhou_mice import audit
from hangzhou_mice.pagecache import content_changed

from ..models import Organization, Participant
from .planning import ImportPlan


class ImportConflictError(Exception):
    """The database refused the import; str(error) is a clear message for staff."""


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
