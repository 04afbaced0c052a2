"""The image library: uploads under unguessable names, with renditions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import images
from ..translated import language_column
from .base import TimeStampedModel


def has_language_field(model):
    """Whether each row of `model` is in one language (an article, with its
    `language` field) rather than shown in all of the site's."""
    return any(field.name == "language" for field in model._meta.concrete_fields)


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
            "What the picture shows, for people who cannot see it, in this "
            "language. Required before a page in this language that shows the "
            "image can be published."
        ),
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who took or owns the picture, as shown under it on pages in this language."
        ),
    )
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
        missing = self.alt_text_missing(self.languages_shown_in()) if self.pk else []
        if missing:
            message = _(
                "Published content in this language shows this image: keep its "
                "alt text."
            )
            raise ValidationError(
                {language_column("alt_text", code): message for code in missing}
            )

    def alt_text_in(self, language):
        """The alt text written in `language`, without falling back ("" if none)."""
        return getattr(self, language_column("alt_text", language)) or ""

    def alt_text_missing(self, languages=None):
        """The languages among `languages` (all the site's, by default) that
        have no alt text for this image."""
        if languages is None:
            languages = [code for code, _name in settings.LANGUAGES]
        return [code for code in languages if not self.alt_text_in(code)]

    def languages_shown_in(self):
        """The languages of the published pages that show this image.

        Every model that points at images says which of its rows are public
        with a `publicly_shown()` class method. A row with a `language` field
        (an article) is shown in that language; any other in all of them.
        """
        site = [code for code, _name in settings.LANGUAGES]
        shown = set()
        for relation in self._meta.get_fields(include_hidden=True):
            model = relation.related_model
            if not (relation.auto_created and hasattr(model, "publicly_shown")):
                continue
            rows = model.publicly_shown().filter(**{relation.field.name: self})
            if not has_language_field(model):
                if rows.exists():
                    return site
                continue
            languages = set(rows.values_list("language", flat=True).distinct())
            shown |= set(site) if "" in languages else languages
        return [code for code in site if code in shown]

    def used_by_published_content(self):
        """Whether anything visitors can see shows this image."""
        return bool(self.languages_shown_in())

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
