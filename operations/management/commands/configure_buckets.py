from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

# Backups are kept 35 days at most (README, "Backups"): an erased or purged
# file's old versions, in a bucket that keeps versions, go within the same.
VERSIONS_KEPT_DAYS = 35
# Exports wait a day (events.models.export_jobs.KEPT_FOR) and the hourly
# sweep deletes them; should it stop running, the bucket does the next day.
EXPORTS_KEPT_DAYS = 2
# Archives stored with `backup --to-bucket`: none older than the window.
BACKUPS_KEPT_DAYS = 35


def lifecycle(private):
    """The lifecycle rules of the media bucket, or of the private one."""
    rules = [
        {
            "ID": "old-versions",
            "Filter": {"Prefix": ""},
            "Status": "Enabled",
            "NoncurrentVersionExpiration": {"NoncurrentDays": VERSIONS_KEPT_DAYS},
            "Expiration": {"ExpiredObjectDeleteMarker": True},
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
        }
    ]
    if private:
        rules += [
            {
                "ID": "exports",
                "Filter": {"Prefix": "exports/"},
                "Status": "Enabled",
                "Expiration": {"Days": EXPORTS_KEPT_DAYS},
            },
            {
                "ID": "backups",
                "Filter": {"Prefix": "backups/"},
                "Status": "Enabled",
                "Expiration": {"Days": BACKUPS_KEPT_DAYS},
            },
        ]
    return {"Rules": rules}


class Command(BaseCommand):
    help = (
        "Give the media and private buckets (MEDIA_BUCKET, PRIVATE_BUCKET) their "
        "lifecycle rules: old versions and backups go after 35 days, exports "
        "after two. "
        "Run once, and again when a bucket changes."
    )

    def handle(self, **options):
        buckets = [
            (name, storages[alias], alias == "private")
            for name, alias in (
                (settings.MEDIA_BUCKET, "default"),
                (settings.PRIVATE_BUCKET, "private"),
            )
            if name
        ]
        if not buckets:
            raise CommandError("Neither MEDIA_BUCKET nor PRIVATE_BUCKET is set.")
        for name, storage, private in buckets:
            storage.connection.meta.client.put_bucket_lifecycle_configuration(
                Bucket=name, LifecycleConfiguration=lifecycle(private)
            )
            self.stdout.write(f"{name}: lifecycle rules set.")
