from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from events.exporters import EXPORTERS
from events.models import Event
from events.services import EXPORT_PERMISSIONS, roster_export
from hangzhou_mice.files import atomic_private_file
from hangzhou_mice.views import with_slug


class Command(BaseCommand):
    help = (
        "Export an event's roster as CSV or XLSX for a user who may export it "
        f"({', '.join(EXPORT_PERMISSIONS)}), logged under that user's name like "
        "admin exports."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the event's slug")
        parser.add_argument("--format", choices=sorted(EXPORTERS), default="csv")
        parser.add_argument("--output", required=True, help="file to write")
        parser.add_argument(
            "--user",
            required=True,
            metavar="USERNAME",
            help="the staff account the export is for; its permissions apply",
        )

    def handle(self, *args, slug, output, user, **options):
        account = self.account(user)
        event = with_slug(Event.objects.all(), slug).first()
        if event is None:
            raise CommandError(f"No event with the slug '{slug}'.")
        queryset = event.participants.all()
        total = queryset.count()
        try:
            exporter = roster_export(
                user=account,
                event=event,
                queryset=queryset,
                file_format=options["format"],
                columns=None,
                filters={},
                source="command",
                row_count=total,
            )
        except PermissionDenied:
            raise CommandError(
                f"User '{user}' may not export rosters: that needs "
                f"{', '.join(EXPORT_PERMISSIONS)} on an active account."
            ) from None
        try:
            # Personal data: readable by the operator alone.
            with atomic_private_file(output) as stream:
                exporter.write(stream, progress=lambda done: self.progress(done, total))
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stderr.write(f"Wrote {total} rows to {output}.")

    def account(self, username):
        try:
            return get_user_model()._default_manager.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user with the username '{username}'.") from None

    def progress(self, done, total):
        self.stderr.write(f"\r{done:,} of {total:,} rows", ending="")
