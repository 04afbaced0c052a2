from django.core.management.base import BaseCommand

from hangzhou_mice import workflow


class Command(BaseCommand):
    help = (
        "Publish the scheduled changes of published items whose time has come "
        "and whose task was lost (for cron; the task queue does it on time)."
    )

    def handle(self, *args, **options):
        published = sum(workflow.change_due(item) for item in workflow.due_items())
        self.stdout.write(f"{published} scheduled change(s) published.")
