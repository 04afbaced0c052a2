import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from events import subjects
from hangzhou_mice.files import atomic_private_file


class Command(BaseCommand):
    help = (
        "Answer a person's request about their data, given their email: list "
        "what is held, --export it as JSON, --erase it (roster entries are "
        "anonymised, admin log names scrubbed, export files of their rosters "
        "deleted, the email fingerprinted in sign-in records and audit entries, "
        "task rows naming it cleaned; staff accounts are only reported). "
        "Operator-only: run by whoever runs the server."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="the person's email address")
        parser.add_argument(
            "--export", metavar="FILE", help="write what is held to FILE as JSON"
        )
        parser.add_argument(
            "--erase", action="store_true", help="anonymise what is held"
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="erase without asking for confirmation",
        )

    def handle(self, *args, email, export, erase, interactive, **options):
        email = self.clean(email)
        holdings = subjects.subject_find(email=email)
        self.report(holdings)
        if export:
            self.export(email, export)
        if erase and self.confirmed(holdings, interactive):
            counts = subjects.subject_erase(email=email, user=None, via="command")
            self.stdout.write(
                f"Erased {counts['participants']} roster entries; "
                f"{counts['admin_log_entries']} admin log entries scrubbed; "
                f"{counts['pending_imports']} waiting uploads and "
                f"{counts['export_jobs']} export jobs' files deleted; "
                f"{counts['sign_ins']} sign-in records and "
                f"{counts['audit_entries']} audit entries fingerprinted; "
                f"{counts['task_results']} task results cleaned."
            )

    def clean(self, email):
        form = subjects.SubjectForm({"email": email})
        if not form.is_valid():
            raise CommandError(" ".join(form.errors["email"]))
        return form.cleaned_data["email"]

    def report(self, holdings):
        counts = holdings.counts()
        self.stdout.write(
            f"Held: {counts['participants']} roster entries on "
            f"{counts['events']} events, {counts['admin_log_entries']} admin log "
            f"entries, {counts['pending_imports']} waiting uploads, "
            f"{counts['staff_accounts']} staff accounts (never erased)."
        )
        self.stdout.write(
            f"Also: {counts['sign_ins']} sign-in records, "
            f"{counts['audit_entries']} audit entries and "
            f"{counts['task_results']} task results naming the email, "
            f"{counts['export_jobs']} roster export jobs of these events."
        )
        for line in holdings.held_lines:  # what other apps hold (leads, …)
            self.stdout.write(f"Also: {line}.")

    def export(self, email, path):
        document = subjects.subject_export(email=email, user=None, via="command")
        try:
            # Personal data: readable by the operator alone.
            with atomic_private_file(path, "w", encoding="utf-8") as stream:
                json.dump(document, stream, cls=DjangoJSONEncoder, ensure_ascii=False)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from None
        self.stdout.write(f"Wrote {path}.")

    def confirmed(self, holdings, interactive):
        if not holdings.erasable:
            self.stdout.write("Nothing to erase.")
            return False
        if not interactive:
            return True
        answer = input("Type 'yes' to erase all this: ")
        if answer != "yes":
            self.stdout.write("Nothing erased.")
            return False
        return True
