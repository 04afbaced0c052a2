"""Sending the mails of enquiries, on the task worker, with retries.

The task is given a Mail's id only: the address and the text stay in the
mail's row, never in the queue's table. A mail the server refuses is tried
again after 1, 2, 4, … minutes (at most MAX_DELAY apart), ENQUIRY_MAIL_ATTEMPTS
times in all, then marked undelivered; its lead is never touched.

A run locks the mail's row, sends, and marks it sent in one transaction, so
a second run of the same mail waits and then finds it sent. If the worker
dies after the server took the mail and before the commit, the mail is
still waiting and is sent again: a planner may get a confirmation twice,
but no enquiry is lost.
"""

import datetime
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import OuterRef, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bureau.models import Bureau
from hangzhou_mice import tasks as shared_tasks

from .models import Mail

MAX_DELAY = datetime.timedelta(hours=6)


@task()
def mail_send(mail_id: int) -> str:
    """Send a waiting mail once; return its status afterwards."""
    with transaction.atomic():
        mail = (
            Mail.objects.select_for_update(of=("self",))
            .select_related("lead")
            .filter(pk=mail_id)
            .first()
        )
        if mail is None:  # its lead was erased meanwhile
            return "gone"
        if mail.status != Mail.Status.WAITING or not_due(mail):
            return mail.status
        try:
            mailers.default.send_messages([message(mail)])
        except Exception as error:
            attempt_failed(mail, error)
        else:
            mail.status = Mail.Status.SENT
            mail.sent_at = timezone.now()
            mail.next_attempt_at = None
            mail.save(update_fields=["status", "sent_at", "next_attempt_at"])
    return mail.status


def not_due(mail: Mail) -> bool:
    """A run before the mail's next attempt is a stray copy: the one queued
    for that time follows, so the retries stay one chain."""
    return mail.next_attempt_at is not None and mail.next_attempt_at > timezone.now()


def message(mail: Mail) -> EmailMessage:
    return EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.recipient],
        reply_to=reply_to(mail),
    )


def reply_to(mail: Mail) -> list[str]:
    """Staff answer the planner; the planner answers the bureau."""
    if mail.kind != Mail.Kind.CONFIRMATION:
        return [mail.lead.email]
    bureau = Bureau.current()
    address = bureau.enquiry_email or bureau.email
    return [address] if address else []


def attempt_failed(mail: Mail, error: Exception) -> None:
    """Count the attempt and queue the next one, or give up."""
    mail.attempts += 1
    mail.last_error = describe(error)
    if mail.attempts < settings.ENQUIRY_MAIL_ATTEMPTS:
        delay = min(datetime.timedelta(minutes=2 ** (mail.attempts - 1)), MAX_DELAY)
        mail.next_attempt_at = timezone.now() + delay
        later = mail_send.using(run_after=mail.next_attempt_at)
        shared_tasks.enqueue_on_commit(later, mail.pk)
    else:
        mail.status = Mail.Status.UNDELIVERED
        mail.next_attempt_at = None
    mail.save(update_fields=["attempts", "last_error", "next_attempt_at", "status"])


def describe(error: Exception) -> str:
    """What went wrong, for staff: the server's answer or the system's
    reason, never an exception's own text, which may hold addresses."""
    name = type(error).__name__
    if isinstance(error, smtplib.SMTPResponseException):
        answer = error.smtp_error
        if isinstance(answer, bytes):
            answer = answer.decode(errors="replace")
        return f"{name}: {error.smtp_code} {answer}"[:300]
    if isinstance(error, OSError) and error.strerror:
        return f"{name}: {error.strerror}"
    return name


def mail_task_rows(mail_ids):
    """The queue's rows that send these mails."""
    return DBTaskResult.objects.alias(mail_id=KT("args_kwargs__args__0")).filter(
        task_path=mail_send.module_path, mail_id__in=[str(pk) for pk in mail_ids]
    )


def mail_task_rows_of_outer_mail():
    """The same, for the mail of the enclosing query (in a subquery)."""
    return DBTaskResult.objects.alias(mail_id=KT("args_kwargs__args__0")).filter(
        task_path=mail_send.module_path,
        mail_id=Cast(OuterRef("pk"), TextField()),
    )


def task_rows_delete(rows) -> int:
    """Delete these task rows but those a worker is running (it saves its
    outcome into its row; the mail it looks for is gone)."""
    return rows.exclude(status=TaskResultStatus.RUNNING).delete()[0]
