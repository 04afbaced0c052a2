"""Documents planners download: the bid book, fact sheets, capacity charts."""

import posixpath

from django.core.files.utils import validate_file_name
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import downloads
from ..downloads import DownloadKind
from .base import Language, TimeStampedModel


class DownloadFileField(models.FileField):
    """A file field that stores every file in a new random folder, under the
    name it was uploaded with, made safe (`downloads.stored_name`).

    Nobody finds a draft's document by guessing its address, and the file a
    planner saves has a human name.
    """

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        # Migrations name it by its public path, whichever module holds it.
        return name, "hangzhou_mice.models.DownloadFileField", args, kwargs

    def generate_filename(self, instance, filename):
        # Not through the storage's generate_filename(): its get_valid_name()
        # would turn spaces into underscores and drop Chinese punctuation.
        folder = timezone.localtime().strftime(self.upload_to)
        name = posixpath.join(folder, downloads.stored_name(filename))
        validate_file_name(name, allow_relative_path=True)
        return name


class Download(TimeStampedModel):
    """A document for planners, checked by its content on upload.

    Pages list downloads through a model of their own that points here.
    """

    title = models.CharField(_("title"), max_length=200)
    file = DownloadFileField(_("file"), upload_to="downloads/%Y/%m/", max_length=255)
    # What the uploader called the file: a label; the stored name is its
    # safe form (downloads.safe_name).
    original_name = models.CharField(
        _("uploaded as"), max_length=255, blank=True, editable=False
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=DownloadKind, editable=False
    )
    size = models.PositiveBigIntegerField(
        _("size"), help_text=_("In bytes."), editable=False
    )
    language = models.CharField(
        _("document language"),
        max_length=7,
        choices=[("", _("Both, or no text")), *Language.choices],
        blank=True,
        help_text=_(
            "The language the document is written in. Pages in the other "
            "language say so beside the link."
        ),
    )

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.file.url

    @property
    def display_kind(self):
        """The format and size, as a listing shows them: "PDF · 2.4 MB"."""
        return f"{self.kind.upper()} · {filesizeformat(self.size)}"
