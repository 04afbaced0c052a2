"""A person's email outside the rosters: sign-in records, old lockout audit
entries and task rows.

People type their email as a username: django-axes keeps it in its attempts,
failures and logins, and lockout audit entries named it until they were
written with audit.fingerprint(). These are logs, kept 183 days as the
Cybersecurity Law (article 21) asks, so erasing keeps the rows and puts the
email's fingerprint in its place. Sign-in records of a staff account named
by the email stay as they are, with the account (data_subject never erases
accounts). Our tasks take ids, but a task row whose arguments, result or
traceback mention the email is deleted, or loses them while a worker holds it.
"""

import re
from urllib.parse import quote_plus

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, ExpressionWrapper, Q, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat, Lower
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hangzhou_mice import audit
from hangzhou_mice.models import AuditEntry

# How lockout audit entries named the username before the fingerprint.
LOCKOUT_SUBJECT = "username:"


def same_email(queryset, email, field="email"):
    """Match `field` to `email` by the database's lower(), as the roster's
    unique constraint does."""
    folded = Lower(Value(email))
    return queryset.alias(email_folded=Lower(field)).filter(email_folded=folded)


def written_forms(email: str) -> list[str]:
    """The email as typed, and as a URL carries it (a `next` that searched)."""
    return [email, quote_plus(email)]


def whole(email: str) -> str:
    """A pattern, PostgreSQL's and Python's alike (case folded by the caller),
    for `email` standing whole in a text: no character an address may hold
    touches it, so erasing li@qq.com leaves wangli@qq.com and li@qq.com.cn."""
    return rf"(?<![a-z0-9._%+-]){re.escape(email)}(?![a-z0-9_%+-]|\.[a-z0-9])"


def sign_ins(email: str) -> list:
    """Attempts, failures and logins under this email as the username, and
    attempts that carry it in their form data."""
    users = get_user_model()._default_manager
    if same_email(users.all(), email, "username").exists():
        return []
    rows = list(attempts_naming(email))
    for model in (AccessFailureLog, AccessLog):
        rows += same_email(model.objects.order_by("pk"), email, "username")
    return rows


def attempts_naming(email: str):
    """Attempts, each `named` if its username is the email."""
    data = Lower(Concat("get_data", Value("\n"), "post_data", output_field=TextField()))
    in_data = Q()
    for form in written_forms(email):
        in_data |= Q(data__iregex=whole(form))
    named = Q(username_folded=Lower(Value(email)))
    return (
        AccessAttempt.objects.alias(username_folded=Lower("username"), data=data)
        .annotate(named=ExpressionWrapper(named, output_field=BooleanField()))
        .filter(named | in_data)
        .order_by("pk")
    )


def old_lockouts(email: str):
    return same_email(
        AuditEntry.objects.order_by("at", "pk"), LOCKOUT_SUBJECT + email, "subject"
    )


def task_results_naming(email: str):
    """Task rows whose arguments, return value or traceback hold the email."""
    text = Concat(
        Cast("args_kwargs", TextField()),
        Coalesce(
            Cast("return_value", TextField()), Value(""), output_field=TextField()
        ),
        "traceback",
        output_field=TextField(),
    )
    return (
        DBTaskResult.objects.alias(text=Lower(text))
        .filter(text__iregex=whole(email))
        .order_by("enqueued_at", "pk")
    )


def sign_ins_pseudonymise(rows, *, email: str) -> None:
    """Put the email's fingerprint in place of the username, and of the
    email in the form data axes kept with an attempt."""
    pseudonym = audit.fingerprint(email)
    for model in (AccessFailureLog, AccessLog):
        pks = [row.pk for row in rows if isinstance(row, model)]
        model.objects.filter(pk__in=pks).update(username=pseudonym)
    forms = written_forms(email)
    for attempt in (row for row in rows if isinstance(row, AccessAttempt)):
        typed = [attempt.username] if attempt.named else []
        pattern = "|".join(whole(form) for form in [*typed, *forms])
        for name in ("get_data", "post_data"):
            text = getattr(attempt, name)
            setattr(attempt, name, re.sub(pattern, pseudonym, text, flags=re.I))
        attempt_pseudonymise(attempt, pseudonym)


def attempt_pseudonymise(attempt, pseudonym):
    """Axes keeps one attempt a username, address and browser: one already
    under the fingerprint (two cases of the email, or an earlier erasure)
    takes this one's failures, and this one goes."""
    if not attempt.named:  # another's username: only its form data changes
        attempt.save(update_fields=["get_data", "post_data"])
        return
    twin = (
        AccessAttempt.objects.filter(
            username=pseudonym,
            ip_address=attempt.ip_address,
            user_agent=attempt.user_agent,
        )
        .exclude(pk=attempt.pk)
        .first()
    )
    if twin is None:
        attempt.username = pseudonym
        attempt.save(update_fields=["username", "get_data", "post_data"])
        return
    twin.failures_since_start += attempt.failures_since_start
    twin.save(update_fields=["failures_since_start"])
    attempt.delete()


def old_lockouts_pseudonymise(entries, *, email: str) -> None:
    pks = [entry.pk for entry in entries]
    AuditEntry.objects.filter(pk__in=pks).update(subject=audit.fingerprint(email))


def task_results_clean(results) -> None:
    """Delete these task rows; blank those a worker is running, which has
    read its arguments already and saves only its outcome."""
    rows = DBTaskResult.objects.filter(pk__in=[result.pk for result in results])
    # Blanked first: a row a worker claims meanwhile holds nothing either.
    rows.update(args_kwargs={"args": [], "kwargs": {}}, return_value=None, traceback="")
    rows.exclude(status=TaskResultStatus.RUNNING).delete()
