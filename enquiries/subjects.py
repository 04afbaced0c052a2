"""Leads in requests from a person about their data (events.subjects).

For an email, the enquiries sent with it (matched whatever its case, as
rosters are), the mails they caused, and the queue's rows that sent those
mails. Mails of other leads are left alone even when they went to that
address (the bureau's or an owner's inbox): they are about someone else.
Registered in EnquiriesConfig.ready().
"""

from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult

from events.subjects import Holder
from events.traces import same_email

from .models import Lead, Mail, Throttle
from .tasks import mail_task_rows_of_outer_mail, task_rows_delete
from .throttle import throttle_key

# Staff handle the lead; who they are is not the planner's data.
LEAD_FIELDS = tuple(
    field.name
    for field in Lead._meta.concrete_fields
    if field.name not in ("id", "owner")
)
MAIL_FIELDS = ("kind", "recipient", "status", "attempts", "created_at", "sent_at")


@dataclass
class Held:
    email: str
    leads: list
    mails: list  # each annotated with the ids of its task rows, `task_ids`


def leads_find(email: str) -> Held:
    """The person's leads, and the mails of those: two queries."""
    leads = same_email(Lead.objects.order_by("created_at", "pk"), email)
    leads = list(leads.select_related("venue", "ambassador", "event"))
    mails = (
        Mail.objects.filter(lead__in=[lead.pk for lead in leads])
        .annotate(task_ids=ArraySubquery(mail_task_rows_of_outer_mail().values("pk")))
        .select_related("lead")
        .order_by("created_at", "pk")
    )
    return Held(email=email, leads=leads, mails=list(mails))


def leads_count(held: Held) -> dict[str, int]:
    return {
        "leads": len(held.leads),
        "lead_mails": len(held.mails),
        "lead_task_results": sum(len(mail.task_ids) for mail in held.mails),
    }


def leads_describe(held: Held) -> list[str]:
    counts = leads_count(held)
    lines = {
        "leads": ngettext(
            "%(count)d enquiry sent with this email address",
            "%(count)d enquiries sent with this email address",
            counts["leads"],
        ),
        "lead_mails": ngettext(
            "%(count)d mail about these enquiries",
            "%(count)d mails about these enquiries",
            counts["lead_mails"],
        ),
        "lead_task_results": ngettext(
            "%(count)d background task record that sends these mails",
            "%(count)d background task records that send these mails",
            counts["lead_task_results"],
        ),
    }
    return [
        line % {"count": counts[name]} for name, line in lines.items() if counts[name]
    ]


def leads_document(held: Held) -> dict:
    """The leads whole, and their mails with their texts."""
    return {
        "leads": [lead_document(lead) for lead in held.leads],
        "mails": [mail_document(mail) for mail in held.mails],
    }


def lead_document(lead: Lead) -> dict:
    document = {"id": lead.pk}
    for name in LEAD_FIELDS:
        value = getattr(lead, name)
        document[name] = str(value) if isinstance(value, models.Model) else value
    return document


def mail_document(mail: Mail) -> dict:
    document = {"lead": mail.lead.reference}
    document |= {name: getattr(mail, name) for name in MAIL_FIELDS}
    return document | {"subject": mail.subject, "text": mail.body}


def leads_erase(held: Held) -> None:
    """Erase the person's data from the leads (the meeting and the bid's
    course stay, without them), delete the mails and their task rows, and
    the count of confirmations to the address."""
    task_ids = [pk for mail in held.mails for pk in mail.task_ids]
    task_rows_delete(DBTaskResult.objects.filter(pk__in=task_ids))
    Mail.objects.filter(pk__in=[mail.pk for mail in held.mails]).delete()
    Lead.objects.filter(pk__in=[lead.pk for lead in held.leads]).personal_data_erase()
    Throttle.objects.filter(
        scope=Throttle.Scope.RECIPIENT,
        key=throttle_key(Throttle.Scope.RECIPIENT, held.email),
    ).delete()


HOLDER = Holder(
    name="enquiries",
    find=leads_find,
    count=leads_count,
    describe=leads_describe,
    document=leads_document,
    erase=leads_erase,
)
