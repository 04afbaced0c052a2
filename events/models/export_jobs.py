import datetime
import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .events import Event

logger = logging.getLogger(__name__)
# A finished file waits this long for its download, then the sweep deletes it.
KEPT_FOR = datetime.timedelta(hours=24)
# Where the files are kept in the private bucket (PRIVATE_BUCKET), if one is set.
IN_BUCKET = "exports/"


def private_bucket():
    """The private bucket's storage, or None: files are on this machine."""
    return storages["private"] if settings.PRIVATE_BUCKET else None


def export_dir() -> Path:
    """Return the private folder for export files; never one served publicly."""
    folder = Path(settings.ROSTER_EXPORT_DIR).resolve()
    for public in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        if public and folder.is_relative_to(Path(public).resolve()):
            raise ImproperlyConfigured(
                "ROSTER_EXPORT_DIR must not be under MEDIA_ROOT or STATIC_ROOT."
            )
    return folder


class RosterExportJobQuerySet(models.QuerySet):
    def current(self):
        """Jobs younger than KEPT_FOR; older ones are the sweep's."""
        return self.filter(created_at__gte=timezone.now() - KEPT_FOR)

    def expired(self):
        return self.filter(created_at__lt=timezone.now() - KEPT_FOR)


class RosterExportJob(models.Model):
    """A roster export too large for a request, written by the task worker."""

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("being written")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # roster_export()'s file_format, columns and filters, as the form chose them.
    options = models.JSONField(_("options"))
    language = models.CharField(_("language"), max_length=15)
    state = models.CharField(
        _("state"), max_length=10, choices=State, default=State.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    # Names the file on disk: unguessable, and never the download's name.
    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = RosterExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("roster export job")
        verbose_name_plural = _("roster export jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return self.file_name or str(self.token)

    def get_absolute_url(self):
        return reverse(
            "admin:events_event_roster_export_job", args=[self.event_id, self.pk]
        )

    @property
    def file_format(self):
        return self.options["file_format"]

    @property
    def path(self) -> Path:
        return export_dir() / f"{self.token.hex}.{self.file_format}"

    @property
    def object_name(self) -> str:
        """The file's name in the private bucket."""
        return f"{IN_BUCKET}{self.token.hex}.{self.file_format}"

    def file_delete(self) -> None:
        """Delete the file, wherever it is kept, if there is one. A bucket
        that cannot be reached now is logged: the hourly sweep deletes the
        object later, and the bucket's own rule after two days at most."""
        if bucket := private_bucket():
            from botocore.exceptions import BotoCoreError, ClientError  # noqa: PLC0415

            try:
                bucket.delete(self.object_name)
            except (BotoCoreError, ClientError) as error:
                logger.warning("%s not deleted: %s", self.object_name, error)
        else:
            self.path.unlink(missing_ok=True)

    @property
    def expires_at(self):
        return self.created_at + KEPT_FOR

    @property
    def in_progress(self):
        return self.state in (self.State.QUEUED, self.State.RUNNING)


@receiver(post_delete, sender=RosterExportJob, dispatch_uid="roster_export_job_file")
def delete_job_file(sender, instance, **kwargs):
    """Delete a job's file with it (cascades included), once the delete commits."""
    transaction.on_commit(instance.file_delete)
