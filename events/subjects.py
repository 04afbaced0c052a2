"""Requests from a person about their data (PIPL arts. 19/47, GDPR arts. 15-17).

Given an email, find what the bureau holds about that person, hand it over
as one JSON document, or erase it: roster entries, the admin log, pending
uploads, the export files of their rosters, and the sign-in records, audit
entries and task rows that hold the email (traces.py), and what the apps
built on events registered with register_holder(). The `data_subject`
command and the participants admin both use these functions.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast, Lower
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hangzhou_mice import adminlog, audit
from hangzhou_mice.pagecache import content_changed

from . import traces
from .models import Participant, PendingImport, RosterExportJob
from .tasks import roster_export_jobs_withdraw
from .traces import same_email

ERASED_NAME = _("Erased participant")
# Those who answer requests see staff accounts and erase roster entries.
PERMISSIONS = (
    "events.view_participant",
    "events.change_participant",
    "events.delete_participant",
    "auth.view_user",
)
PARTICIPANT_FIELDS = (
    "full_name",
    "chinese_name",
    "job_title",
    "chinese_job_title",
    "category",
    "email",
    "phone",
    "country",
    "notes",
    "is_public",
    "registered_at",
    "checked_in_at",
    "created_at",
    "updated_at",
)


class SubjectForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("Rosters are searched for this address whatever its case."),
    )


def may_handle_requests(user) -> bool:
    return user.has_perms(PERMISSIONS)


@dataclass(frozen=True)
class Holder:
    """What an app built on events holds about people, found by email.

    `find(email)` returns what is held, in a few queries whatever its size;
    `count(held)` its counts by name, 0 when nothing; `describe(held)` a
    translated line for each kind held, for pages; `document(held)` a
    JSON-ready account of it; `erase(held)` deletes or anonymises it, in
    the caller's transaction.
    """

    name: str
    find: Callable[[str], Any]
    count: Callable[[Any], dict[str, int]]
    describe: Callable[[Any], list[str]]
    document: Callable[[Any], Any]
    erase: Callable[[Any], None]


_holders: dict[str, Holder] = {}


def register_holder(holder: Holder) -> None:
    """Include `holder` in every find, export and erasure (from ready())."""
    _holders[holder.name] = holder


@dataclass
class Holdings:
    email: str
    participants: list = field(default_factory=list)
    log_entries: list = field(default_factory=list)
    staff_accounts: list = field(default_factory=list)
    pending_imports: list = field(default_factory=list)
    export_jobs: list = field(default_factory=list)
    sign_ins: list = field(default_factory=list)
    audit_entries: list = field(default_factory=list)
    task_results: list = field(default_factory=list)
    # What each registered holder found, by its name.
    held: dict = field(default_factory=dict)

    def counts(self):
        held = {}
        for name, found in self.held.items():
            held |= _holders[name].count(found)
        return {
            "participants": len(self.participants),
            "events": len({p.event_id for p in self.participants}),
            "admin_log_entries": len(self.log_entries),
            "staff_accounts": len(self.staff_accounts),
            "pending_imports": len(self.pending_imports),
            "export_jobs": len(self.export_jobs),
            "sign_ins": len(self.sign_ins),
            "audit_entries": len(self.audit_entries),
            "task_results": len(self.task_results),
            **held,
        }

    @property
    def held_lines(self):
        """What the registered holders hold, a translated line for each kind."""
        return [
            line
            for name, found in self.held.items()
            for line in _holders[name].describe(found)
        ]

    @property
    def erasable(self):
        """Whether erasing would change anything: all but staff accounts."""
        counts = self.counts()
        del counts["staff_accounts"]
        return any(counts.values())

    @property
    def found(self):
        return any(self.counts().values())


def participant_log(pks):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Participant),
        object_id__in=[str(pk) for pk in pks],
    ).order_by("action_time", "pk")


def pending_with(email):
    """Uploads waiting for confirmation whose rows mention this email
    anywhere, case folded as the database folds it."""
    return (
        PendingImport.objects.alias(text=Lower(Cast("rows", TextField())))
        .filter(text__iregex=traces.whole(email))
        .select_related("event")
        .order_by("pk")
    )


def export_jobs_of(participants):
    """Export jobs of these entries' rosters that have or will have a file."""
    events = {p.event_id for p in participants}
    jobs = RosterExportJob.objects.filter(event_id__in=events)
    return jobs.exclude(state=RosterExportJob.State.FAILED).order_by("pk")


def subject_find(*, email: str) -> Holdings:
    """Everything held about the person with this email: eleven queries,
    and those of the registered holders."""
    participants = same_email(Participant.objects.all(), email).select_related(
        "event", "organization"
    )
    participants = list(participants.order_by("event__start", "pk"))
    return Holdings(
        email=email,
        participants=participants,
        log_entries=list(participant_log(p.pk for p in participants)),
        staff_accounts=list(accounts(email)),
        pending_imports=list(pending_with(email)),
        export_jobs=list(export_jobs_of(participants)),
        sign_ins=traces.sign_ins(email),
        audit_entries=list(traces.old_lockouts(email)),
        task_results=list(traces.task_results_naming(email)),
        held={name: holder.find(email) for name, holder in _holders.items()},
    )


def accounts(email):
    model = get_user_model()
    queryset = model._default_manager.order_by("pk")
    return same_email(queryset, email, model.get_email_field_name())


def participant_document(participant):
    entry = {name: getattr(participant, name) for name in PARTICIPANT_FIELDS}
    event = participant.event
    return {
        "id": participant.pk,
        "event": {"id": event.pk, "title": event.title, "start": event.start},
        "organization": str(participant.organization or ""),
        **entry,
    }


def log_document(entry):
    return {
        "participant_id": int(entry.object_id),
        "action_time": entry.action_time,
        "action": {1: "added", 2: "changed", 3: "deleted"}[entry.action_flag],
        "object_repr": entry.object_repr,
        "change_message": entry.get_change_message(),
    }


def account_document(account):
    return {
        "id": account.pk,
        "username": account.get_username(),
        "is_staff": account.is_staff,
        "is_active": account.is_active,
        "date_joined": account.date_joined,
        "last_login": account.last_login,
    }


def sign_in_document(row):
    return {
        "kind": row._meta.model_name,  # accessattempt, accessfailurelog, accesslog
        "at": row.attempt_time,
        "address": row.ip_address,
        "user_agent": row.user_agent,
    }


def holdings_document(holdings: Holdings) -> dict:
    return {
        "email": holdings.email,
        "generated_at": timezone.now(),
        "participants": [participant_document(p) for p in holdings.participants],
        "admin_log": [log_document(e) for e in holdings.log_entries],
        "staff_accounts": [account_document(a) for a in holdings.staff_accounts],
        # Rows of roster files waiting for confirmation that name the person.
        "pending_imports": [
            {
                "event": pending.event.title,
                "uploaded_at": pending.created_at,
                "file_name": pending.file_name,
                "rows": [
                    cells
                    for _line, cells in pending.rows
                    if holdings.email.lower() in str(cells).lower()
                ],
            }
            for pending in holdings.pending_imports
        ],
        "sign_ins": [sign_in_document(row) for row in holdings.sign_ins],
        "audit_entries": [
            {"at": entry.at, "action": entry.action} for entry in holdings.audit_entries
        ],
        "task_results": [
            {
                "task": row.task_path,
                "status": row.status,
                "enqueued_at": row.enqueued_at,
            }
            for row in holdings.task_results
        ],
        **{
            name: _holders[name].document(found)
            for name, found in holdings.held.items()
        },
    }


def subject_export(*, email: str, user, via: str) -> dict:
    """Return the JSON-ready document of what is held, and audit the export."""
    with transaction.atomic():
        holdings = subject_find(email=email)
        audit.record(
            user=user,
            action="data_subject.export",
            subject=audit.fingerprint(email),
            via=via,
            **holdings.counts(),
        )
    return holdings_document(holdings)


def subject_erase(*, email: str, user, via: str) -> dict:
    """Erase what is held under this email; return the counts, as audited.

    Roster entries are anonymised, public guests' too, and stay, so events
    keep their counts; staff accounts are never erased here.
    """
    with transaction.atomic():
        holdings = subject_find(email=email)
        entries_erase(holdings)
        traces_erase(holdings)
        for name, found in holdings.held.items():
            _holders[name].erase(found)
        counts = holdings.counts()
        audit.record(
            user=user,
            action="data_subject.erase",
            subject=audit.fingerprint(email),
            via=via,
            **counts,
        )
    return counts


def entries_erase(holdings: Holdings) -> None:
    pks = [p.pk for p in holdings.participants]
    with translation.override(settings.LANGUAGE_CODE):
        placeholder = str(ERASED_NAME)
    Participant.objects.filter(pk__in=pks).update(
        **anonymised(placeholder), updated_at=timezone.now()
    )
    adminlog.scrub(Participant, pks, replacement=placeholder)
    # An upload naming the person is dropped whole: staff upload again.
    PendingImport.objects.filter(
        pk__in=[pending.pk for pending in holdings.pending_imports]
    ).delete()
    if pks:
        content_changed()  # public guests leave the event pages


def traces_erase(holdings: Holdings) -> None:
    """Delete the export files of the person's rosters; fingerprint the email
    in the logs that are kept; clean the task rows."""
    roster_export_jobs_withdraw(event_ids={p.event_id for p in holdings.participants})
    traces.sign_ins_pseudonymise(holdings.sign_ins, email=holdings.email)
    traces.old_lockouts_pseudonymise(holdings.audit_entries, email=holdings.email)
    traces.task_results_clean(holdings.task_results)


def anonymised(placeholder):
    return {
        "full_name": placeholder,
        "chinese_name": "",
        "job_title": "",
        "chinese_job_title": "",
        "email": "",
        "phone": "",
        "country": "",
        "notes": "",
        "is_public": False,
    }
