from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .events import Event


class PendingImport(models.Model):
    """Roster rows parsed at a dry run, kept until confirmed or cancelled.

    Stored in the database, not on one server's disk, so that any app server
    can confirm; `sweep_pending_imports` deletes those left behind.
    """

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
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    # {identifier: heading as written in the file}, then [line, {identifier:
    # cell}] per row: what the dry run read, so confirming reads no file.
    columns = models.JSONField(_("columns"))
    rows = models.JSONField(_("parsed rows"))

    class Meta:
        verbose_name = _("pending roster import")
        verbose_name_plural = _("pending roster imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return self.file_name or str(self.pk)
