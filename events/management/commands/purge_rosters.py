from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q
from django.utils import timezone

from events.exporters import EXPORTERS
from events.models import Event
from events.retention import deleted_participants_scrub, roster_purge
from events.services import EXPORT_PERMISSIONS, roster_export
from hangzhou_mice.files import atomic_private_file
from hangzhou_mice.views import with_slug


class Command(BaseCommand):
    help = (
        "Anonymise the participants who are not public guests of every event "
        "past its roster retention day (for cron). --event purges one event now, "
        "whatever its day; --export-first writes each full roster to a folder "
        "first, as an export by --user, who needs "
        f"{', '.join(EXPORT_PERMISSIONS)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("--event", metavar="SLUG", help="purge this event now")
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be purged"
        )
        parser.add_argument(
            "--export-first",
            metavar="DIR",
            help="write each roster to DIR before erasing it (needs --user)",
        )
        parser.add_argument("--format", choices=sorted(EXPORTERS), default="xlsx")
        parser.add_argument(
            "--user", metavar="USERNAME", help="the staff account exports are for"
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="purge --event without asking for confirmation",
        )

    def handle(self, *args, **options):
        account = self.account(options["user"])
        if options["export_first"] and account is None:
            raise CommandError("--export-first needs --user: exports are logged.")
        events = self.events(options["event"])
        self.show(events)
        if options["dry_run"]:
            return
        if options["event"] and not self.confirmed(options["interactive"]):
            return
        self.purge(events, account, options)
        if not options["event"]:
            count = deleted_participants_scrub(user=account)
            self.stdout.write(f"{count} admin log entries of deleted people scrubbed.")

    def show(self, events):
        for event in events:
            self.stdout.write(describe(event))
        self.stdout.write(
            f"Rosters to purge: {len(events)}." if events else "No roster is due."
        )

    def purge(self, events, account, options):
        # Every export is written before anything is erased.
        if options["export_first"]:
            for event in events:
                self.export(event, account, options["export_first"], options["format"])
        for event in events:
            counts = roster_purge(event=event, user=account)
            self.stdout.write(
                f"{event.slug}: {counts['participants']} participants anonymised, "
                f"{counts['pending_imports']} pending imports deleted, "
                f"{counts['export_jobs']} export jobs withdrawn, their files deleted."
            )

    def events(self, slug):
        delegates = Count("participants", filter=Q(participants__is_public=False))
        if not slug:
            due = Event.objects.roster_due().annotate(delegates=delegates)
            return list(due.order_by("end"))
        events = Event.objects.with_roster_retention().annotate(delegates=delegates)
        events = list(with_slug(events, slug))
        if not events:
            raise CommandError(f"No event with the slug '{slug}'.")
        return events

    def account(self, username):
        if not username:
            return None
        try:
            return get_user_model()._default_manager.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user with the username '{username}'.") from None

    def confirmed(self, interactive):
        if not interactive:
            return True
        answer = input("Type 'yes' to anonymise this roster now: ")
        if answer != "yes":
            self.stdout.write("Nothing purged.")
        return answer == "yes"

    def export(self, event, account, folder, file_format):
        queryset = event.participants.all()
        try:
            exporter = roster_export(
                user=account,
                event=event,
                queryset=queryset,
                file_format=file_format,
                columns=None,
                filters={},
                source="purge",
            )
        except PermissionDenied:
            raise CommandError(
                f"User '{account.get_username()}' may not export rosters: that "
                f"needs {', '.join(EXPORT_PERMISSIONS)} on an active account."
            ) from None
        path = Path(folder) / exporter.filename(event.slug)
        write_private(path, exporter.write)
        self.stdout.write(f"Wrote {path}.")


def write_private(path, write):
    """Write a file only its owner may read: it holds personal data."""
    try:
        with atomic_private_file(path) as stream:
            write(stream)
    except OSError as error:
        raise CommandError(f"Cannot write {path}: {error.strerror}.") from None


def describe(event):
    ended = timezone.localdate(event.end, timezone.get_default_timezone())
    return (
        f"{event.slug}: ended {ended.isoformat()}, roster kept until "
        f"{event.roster_retained_until.isoformat()}, "
        f"{event.delegates} non-public entries."
    )
