from django.core.management.base import BaseCommand, CommandError

from events.exporters import EXPORTERS
from events.models import Event
from events.services import roster_export
from hangzhou_mice.views import with_slug


class Command(BaseCommand):
    help = "Export an event's roster as CSV or XLSX (logged like admin exports)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the event's slug")
        parser.add_argument("--format", choices=sorted(EXPORTERS), default="csv")
        parser.add_argument("--output", required=True, help="file to write")

    def handle(self, *args, slug, output, **options):
        event = with_slug(Event.objects.all(), slug).first()
        if event is None:
            raise CommandError(f"No event with the slug '{slug}'.")
        queryset = event.participants.all()
        exporter = roster_export(
            user=None,
            event=event,
            queryset=queryset,
            file_format=options["format"],
            columns=None,
            filters={},
            source="command",
        )
        total = queryset.count()
        with open(output, "wb") as stream:
            exporter.write(stream, progress=lambda done: self.progress(done, total))
        self.stderr.write(f"Wrote {total} rows to {output}.")

    def progress(self, done, total):
        self.stderr.write(f"\r{done:,} of {total:,} rows", ending="")
