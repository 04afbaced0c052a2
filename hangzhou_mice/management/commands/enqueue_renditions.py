import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from hangzhou_mice import services
from hangzhou_mice.models import Image, RenditionStatus


class Command(BaseCommand):
    help = (
        "Have the task queue make the renditions of images still processing "
        "after --minutes (their task was lost), and with --failed of images "
        "whose renditions failed (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=60)
        parser.add_argument(
            "--failed", action="store_true", help="retry failed images too"
        )

    def handle(self, *args, minutes, failed, **options):
        since = timezone.now() - datetime.timedelta(minutes=minutes)
        statuses = [RenditionStatus.PROCESSING]
        if failed:
            statuses.append(RenditionStatus.FAILED)
        waiting = Image.objects.filter(
            renditions_status__in=statuses, updated_at__lt=since
        )
        count = sum(services.image_renditions_request(image=i) for i in waiting)
        self.stdout.write(f"{count} image(s) queued for renditions.")
