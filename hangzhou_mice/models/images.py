"""The image library: uploads under unguessable names, with renditions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import images
from .base import TimeStampedModel


class RenditionStatus(models.TextChoices):
    """Where an image's renditions are: a task makes them after the upload."""

    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class UnguessableImageField(models.ImageField):
    """An image field that stores every file under a new random name.

    Nobody finds the picture of a draft by guessing its address, and no
    name is ever used twice. The name the file came with is kept in
    `label_field`, as ImageField keeps the size in `width_field`.
    """

    def __init__(self, *args, label_field=None, **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        if self.label_field:
            kwargs["label_field"] = self.label_field
        # Migrations name it by its public path, whichever module holds it.
        return name, "hangzhou_mice.models.UnguessableImageField", args, kwargs

    def generate_filename(self, instance, filename):
        if self.label_field:
            length = instance._meta.get_field(self.label_field).max_length
            setattr(instance, self.label_field, images.file_label(filename, length))
        return super().generate_filename(instance, images.stored_name(filename))


class Image(TimeStampedModel):
    """An uploaded picture, cleaned on upload, with renditions for every screen.

    The renditions are made by a task after the upload commits
    (`tasks.image_renditions_make`); until then pages show no picture.
    """

    title = models.CharField(_("title"), max_length=200)
    file = UnguessableImageField(
        _("file"),
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        label_field="original_name",
        help_text=_("JPEG, PNG or WebP."),
    )
    # What the uploader called the file: a label, never part of its address.
    original_name = models.CharField(
        _("uploaded as"), max_length=255, blank=True, editable=False
    )
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the picture shows, for people who cannot see it. Required "
            "before anything that uses the image can be published."
        ),
    )
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    renditions = models.JSONField(_("renditions"), default=list, editable=False)
    square_renditions = models.JSONField(
        _("square renditions"), default=list, editable=False
    )
    renditions_status = models.CharField(
        _("rendition status"),
        max_length=10,
        choices=RenditionStatus,
        default=RenditionStatus.PROCESSING,
        editable=False,
    )
    renditions_error = models.TextField(
        _("rendition error"), blank=True, editable=False
    )

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.pk and not self.alt_text and self.used_by_published_content():
            raise ValidationError(
                {
                    "alt_text": _(
                        "Published content shows this image: keep its alt text."
                    )
                }
            )

    def used_by_published_content(self):
        """Whether anything visitors can see shows this image.

        Every model that points at images says which of its rows are public
        with a `publicly_shown()` class method.
        """
        for relation in self._meta.get_fields(include_hidden=True):
            model = relation.related_model
            if relation.auto_created and hasattr(model, "publicly_shown"):
                lookup = {relation.field.name: self}
                if model.publicly_shown().filter(**lookup).exists():
                    return True
        return False

    @property
    def has_renditions(self):
        """Whether pages can show the image yet."""
        return self.renditions_status == RenditionStatus.READY and bool(self.renditions)

    @property
    def default_rendition(self):
        """The middle rendition: the plain <img src> and the admin preview."""
        return (
            self.renditions[min(1, len(self.renditions) - 1)]
            if self.renditions
            else None
        )
