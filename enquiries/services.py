"""What happens to an enquiry: it is kept as a lead, and the bureau and the
planner are written to, after the commit, on the task queue."""

import logging
from email.utils import parseaddr

from django.conf import settings
from django.db import transaction
from django.db.models.functions import TruncDate
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.models import Bureau
from events.models.events import AddMonths
from hangzhou_mice import audit
from hangzhou_mice import tasks as shared_tasks

from . import mails
from .models import Lead, Mail, StatusChange, Throttle
from .tasks import mail_send, mail_task_rows
from .throttle import throttle_allows, throttle_expired, throttle_key, throttle_record

logger = logging.getLogger(__name__)
ADDRESS = Throttle.Scope.ADDRESS
RECIPIENT = Throttle.Scope.RECIPIENT


class EnquiryRefused(Exception):
    """An enquiry the limits refuse; `message` says why, in the visitor's
    language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@transaction.atomic
def lead_submit(*, lead: Lead, client_address: str) -> Lead:
    """Keep an unsaved lead from the public form and queue its mails.

    Raises EnquiryRefused when the address sent too many enquiries this hour.
    """
    address = throttle_key(ADDRESS, client_address)
    if not throttle_allows(ADDRESS, address, settings.ENQUIRIES_PER_ADDRESS_PER_HOUR):
        raise EnquiryRefused(
            _(
                "Several enquiries have come from your connection in the last "
                "hour. Please try again in an hour, or write to us by email."
            )
        )
    lead.source = lead_source(lead)
    lead.full_clean()
    lead_save(lead=lead, by=None)
    throttle_record(ADDRESS, address)
    bureau = Bureau.current()
    text = mails.bureau_text(lead)
    for recipient in bureau_recipients(bureau):
        mail_create(lead=lead, kind=Mail.Kind.BUREAU, to=recipient, text=text)
    confirmation_create(lead, bureau)
    return lead


def lead_source(lead: Lead) -> str:
    """Where a planner's enquiry came from: the page that prefilled the form."""
    if lead.venue_id:
        return Lead.Source.VENUE
    if lead.ambassador_id:
        return Lead.Source.AMBASSADOR
    if lead.event_id:
        if lead.event.kind == lead.event.Kind.ROADSHOW:
            return Lead.Source.ROADSHOW
        return Lead.Source.EVENT
    return Lead.Source.FORM


@transaction.atomic
def lead_save(*, lead: Lead, by, previous_status: str | None = None) -> Lead:
    """Save a lead; when its status is not `previous_status` (a new lead has
    none), the step is recorded with who took it (None: the planner, or the
    system) and when."""
    moved = lead.status != previous_status
    if moved:
        lead.status_changed_at = timezone.now()
    lead.save()
    if moved:
        StatusChange.objects.create(
            lead=lead,
            previous=previous_status or "",
            status=lead.status,
            by=by,
            at=lead.status_changed_at,
        )
    return lead


def lead_status_change(*, lead: Lead, status: str, by, **fields) -> Lead:
    """Move a lead to `status`, with the fields that step needs (such as
    `lost_reason`); raises ValidationError as the admin would."""
    previous = lead.status
    lead.status = status
    for name, value in fields.items():
        setattr(lead, name, value)
    lead.full_clean()
    return lead_save(lead=lead, by=by, previous_status=previous)


def bureau_recipients(bureau: Bureau) -> list[str]:
    """The record's enquiry address, else its general one, else ADMINS."""
    address = bureau.enquiry_email or bureau.email
    if address:
        return [address]
    admins = [parseaddr(admin)[1] for admin in settings.ADMINS]
    if not admins:
        logger.warning("Enquiry kept, but no address to tell the bureau of it.")
    return [admin for admin in admins if admin]


def confirmation_create(lead: Lead, bureau: Bureau) -> Mail | None:
    """The planner's confirmation, unless their inbox had its share this
    hour: the limit keeps the form from filling someone else's inbox."""
    inbox = throttle_key(RECIPIENT, lead.email)
    limit = settings.CONFIRMATIONS_PER_RECIPIENT_PER_HOUR
    if not throttle_allows(RECIPIENT, inbox, limit):
        return None
    throttle_record(RECIPIENT, inbox)
    text = mails.confirmation_text(lead, bureau)
    return mail_create(lead=lead, kind=Mail.Kind.CONFIRMATION, to=lead.email, text=text)


def mail_create(*, lead: Lead, kind: str, to: str, text: tuple[str, str]) -> Mail:
    """Keep a mail and send it from the worker once this commits."""
    subject, body = text
    mail = Mail.objects.create(
        lead=lead, kind=kind, recipient=to, subject=subject, body=body
    )
    shared_tasks.enqueue_on_commit(mail_send, mail.pk)
    return mail


@transaction.atomic
def lead_owner_assign(*, lead: Lead, owner) -> Mail | None:
    """Make `owner` the lead's owner and write to them, if they have an email."""
    if lead.owner_id != owner.pk:
        lead.owner = owner
        lead.save(update_fields=["owner", "updated_at"])
    if not owner.email:
        return None
    text = mails.owner_text(lead, owner)
    return mail_create(lead=lead, kind=Mail.Kind.OWNER, to=owner.email, text=text)


@transaction.atomic
def mails_retry(*, leads) -> int:
    """Send the undelivered mails of these leads again, from a first attempt
    (the bid team's answer to a mail server that was down for long)."""
    mails = list(
        Mail.objects.select_for_update()
        .filter(lead__in=leads, status=Mail.Status.UNDELIVERED)
        .order_by("pk")
    )
    for mail in mails:
        mail.status, mail.attempts = Mail.Status.WAITING, 0
        mail.last_error, mail.next_attempt_at = "", None
        mail.save(
            update_fields=[
                "status", "attempts", "last_error", "next_attempt_at", "updated_at"
            ]
        )  # fmt: skip
        shared_tasks.enqueue_on_commit(mail_send, mail.pk)
    return len(mails)


def leads_due():
    """Leads whose personal data is still kept, last changed over
    LEAD_RETENTION_MONTHS months ago, by the calendar in Hangzhou: one
    changed on 10 March is kept through 10 March of the year it is due."""
    tz = timezone.get_default_timezone()
    kept_until = AddMonths(
        TruncDate("updated_at", tzinfo=tz), months=settings.LEAD_RETENTION_MONTHS
    )
    return Lead.objects.alias(kept_until=kept_until).filter(
        erased_at__isnull=True, kept_until__lt=timezone.localdate(timezone=tz)
    )


@transaction.atomic
def leads_purge(*, dry_run: bool = False) -> dict:
    """Erase the personal data of the leads due and delete their mails and
    task rows, and the throttle rows that count for nothing; return the
    counts (only count with dry_run)."""
    leads = Lead.objects.filter(pk__in=list(leads_due().values_list("pk", flat=True)))
    mail_ids = list(Mail.objects.filter(lead__in=leads).values_list("pk", flat=True))
    task_rows = mail_task_rows(mail_ids).exclude(status=TaskResultStatus.RUNNING)
    throttles = throttle_expired()
    counts = {
        "leads": leads.count(),
        "mails": len(mail_ids),
        "task_results": task_rows.count(),
        "throttles": throttles.count(),
    }
    if not dry_run:
        task_rows.delete()
        Mail.objects.filter(pk__in=mail_ids).delete()
        leads.personal_data_erase()
        throttles.delete()
        if counts["leads"]:
            audit.record(user=None, action="lead.purge", **counts)
    return counts
