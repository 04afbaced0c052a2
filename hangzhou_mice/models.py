"""What every content type shares: timestamps, publishing, tags and images."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from taggit.models import ItemBase, TagBase

from . import images


@deconstructible
class ReservedSlugValidator:
    """Refuse slugs that a fixed URL of the same section already uses."""

    def __init__(self, *reserved):
        self.reserved = reserved

    def __call__(self, value):
        if value.lower() in self.reserved:
            raise ValidationError(
                _("“%(slug)s” is taken by a page of the site; choose another slug."),
                params={"slug": value},
            )

    def __eq__(self, other):
        return isinstance(other, ReservedSlugValidator) and (
            self.reserved == other.reserved
        )


def unique_regardless_of_case(field, *also, name, message):
    """A unique constraint on Lower(field) (and `also`): "MICE" is "mice"."""
    return models.UniqueConstraint(
        Lower(field), *also, name=name, violation_error_message=message
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Language(models.TextChoices):
    """The site's languages (settings.LANGUAGES), for content stored per language."""

    ENGLISH = "en", _("English")
    CHINESE = "zh-hans", _("Simplified Chinese")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class RenditionStatus(models.TextChoices):
    """Where an image's renditions are: a task makes them after the upload."""

    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class PublishableQuerySet(models.QuerySet):
    def with_status_published(self):
        return self.filter(status=Status.PUBLISHED)

    def live_by(self, moment):
        return self.filter(published_at__lte=moment)

    def published(self):
        """Return what visitors may see: published and not dated in the future."""
        return self.with_status_published().live_by(timezone.now())


class PublishableModel(TimeStampedModel):
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_(
            "Visitors see the item from this moment on, once its status is "
            "Published. A date in the future schedules it."
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.status == Status.PUBLISHED:
            self.validate_image_alt_texts()

    @classmethod
    def publicly_shown(cls):
        return cls._default_manager.published()

    def validate_image_alt_texts(self):
        """Refuse to publish with an image that has no alt text."""
        errors = {
            field.name: _(
                "Give this image alt text (in Images) before publishing: "
                "people who cannot see it need to know what it shows."
            )
            for field in self._meta.concrete_fields
            if field.is_relation
            and field.related_model is Image
            and getattr(self, field.attname) is not None
            and not getattr(self, field.name).alt_text
        }
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class Tag(TagBase):
    """A topic shared by articles, events, venues and ambassadors.

    A tag has one name, in one language ("MICE", "会展"); `counterpart` names
    the same topic in the other language, for translations and tag pages;
    `services.tag_pair` keeps the two pointing at each other.
    """

    counterpart = models.ForeignKey(
        "self",
        verbose_name=_("in the other language"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="counterparts",
        help_text=_("The same topic in the other language: 会展 for MICE."),
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            unique_regardless_of_case(
                "name",
                name="tag_name_ci_unique",
                message=_("A tag with this name already exists."),
            ),
            unique_regardless_of_case(
                "slug",
                name="tag_slug_ci_unique",
                message=_("A tag with this slug already exists."),
            ),
        ]

    def get_absolute_url(self):
        return reverse("hangzhou_mice:tag_detail", kwargs={"slug": self.slug})

    def slugify(self, tag, i=None):
        # A name of emoji or punctuation alone slugifies to nothing.
        slug = super().slugify(tag) or "tag"
        return slug if i is None else f"{slug}_{i}"


class TaggedItem(ItemBase):
    """The link between a tag and one item, with real foreign keys.

    Each tagged model has a subclass that adds `content_object`, a foreign
    key to the model with the related name `tagged_items`: the shared-tag
    ranking and the tag pages rely on both names. The index led by the tag
    serves "items with this tag"; the unique pair serves "tags of this item".
    """

    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="%(app_label)s_%(class)s_items"
    )

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="%(app_label)s_%(class)s_unique"
            ),
        ]
        # Index names stay within Django's 30 characters: "taggedambassador_by_tag".
        indexes = [
            models.Index(fields=["tag", "content_object"], name="%(class)s_by_tag")
        ]


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
        name, path, args, kwargs = super().deconstruct()
        if self.label_field:
            kwargs["label_field"] = self.label_field
        return name, path, args, kwargs

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


class TagSnapshot(models.Model):
    """The tag names an item had when a revision of it was saved."""

    revision = models.ForeignKey(
        "reversion.Revision", on_delete=models.CASCADE, related_name="tag_snapshots"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=191)
    names = ArrayField(models.CharField(max_length=100), default=list, blank=True)

    class Meta:
        verbose_name = _("tag snapshot")
        verbose_name_plural = _("tag snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "content_type", "object_id"],
                name="unique_tag_snapshot",
            )
        ]

    def __str__(self):
        return ", ".join(self.names)

    @classmethod
    def for_version(cls, version):
        """Return the tag names saved with `version`, or None if none were."""
        snapshot = cls.objects.filter(
            revision_id=version.revision_id,
            content_type_id=version.content_type_id,
            object_id=version.object_id,
        ).first()
        return snapshot.names if snapshot else None


class SiteChange(models.Model):
    """One row whose counter every change to public content bumps (pagecache)."""

    counter = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("site change counter")

    def __str__(self):
        return str(self.counter)


class SearchEntry(models.Model):
    """One item in one language, as the site search finds it.

    Written by `hangzhou_mice.search` after every commit that changes an
    indexed item; never edited. Visibility is stored, not decided at write
    time, so an item scheduled for later appears on time with no job.
    """

    kind = models.CharField(_("kind"), max_length=50)
    object_id = models.BigIntegerField(_("item"))
    language = models.CharField(_("language"), max_length=10, choices=Language)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    published = models.BooleanField(_("published"))
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)
    document = SearchVectorField(_("document"))

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="search_entry_unique"
            )
        ]
        indexes = [
            GinIndex(fields=["document"], name="search_document_idx"),
            # Typos in titles and names: pg_trgm ignores case, and indexes
            # Chinese too under C.UTF-8 (not under C: see checks.py).
            GinIndex(
                fields=["title"],
                opclasses=["gin_trgm_ops"],
                name="search_title_trgm_idx",
            ),
            # Newest first, in the order the search sorts (undated last): the
            # newest matches of a common word are read in order, and the scan
            # stops once it has enough.
            models.Index(
                "language",
                models.F("date").desc(nulls_last=True),
                name="search_language_newest_idx",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.language})"


class AuditEntry(models.Model):
    """Who did what to personal data or to an account, and when.

    Never names the person the action was about: an erased person would
    live on here. `subject` holds an id, or `audit.fingerprint()` of an email.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text too, so the entry still says who after the user is deleted.
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=50, db_index=True)
    subject = models.CharField(_("about"), max_length=200, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.action} · {self.subject}"
