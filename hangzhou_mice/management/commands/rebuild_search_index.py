from django.core.management.base import BaseCommand

from hangzhou_mice import search
from hangzhou_mice.progress import Progress


class Command(BaseCommand):
    help = "Write the site search's index again, from every searchable item."

    def handle(self, *args, **options):
        bars = {}

        def progress(kind, done, total):
            if kind.key not in bars:
                bars[kind.key] = Progress(self.stderr, str(kind.label), total)
            bars[kind.key].update(done)
            if done == total:
                bars[kind.key].close()
                self.stderr.write("")

        search.rebuild(progress)
        self.stdout.write(self.style.SUCCESS("The search index is rebuilt."))
