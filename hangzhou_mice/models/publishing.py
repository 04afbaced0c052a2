"""Draft or published, and from when: what visitors may see."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..richtext import RichTextField, images_without_alt
from .base import TimeStampedModel
from .images import Image, has_language_field


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def with_status_published(self):
        return self.filter(status=Status.PUBLISHED)

    def live_by(self, moment):
        return self.filter(published_at__lte=moment)

    def published(self):
        """Return what visitors may see: published and not dated in the future."""
        return self.with_status_published().live_by(timezone.now())


def alt_text_messages(missing, languages):
    """What an editor is told of an image without alt text in `missing`."""
    if missing == languages:
        return [
            _(
                "Give this image alt text (in Images) before publishing: "
                "people who cannot see it need to know what it shows."
            )
        ]
    names = dict(settings.LANGUAGES)
    return [
        _(
            "This image has no alt text in %(language)s yet: give it some (in "
            "Images) before publishing."
        )
        % {"language": names[code]}
        for code in missing
    ]


class Review(models.TextChoices):
    """Where an item's text stands on its way to visitors (workflow.py)."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    SENT_BACK = "sent_back", _("Sent back")
    APPROVED = "approved", _("Approved")


class ReviewedModel(models.Model):
    """An item that goes through review before it is published: a writer
    submits it, a reviewer approves it or sends it back, a publisher
    publishes it (`hangzhou_mice.workflow`)."""

    review = models.CharField(
        _("review"),
        max_length=10,
        choices=Review,
        default=Review.DRAFT,
        db_default=Review.DRAFT,  # rows written without Django (bench data)
    )
    # A change to a published item waits here, not in the columns visitors
    # see, until it is published: the form's values, by field name, with
    # the tag names under "tags". `pending_at` is set once it is scheduled.
    pending = models.JSONField(
        _("change waiting"),
        null=True,
        blank=True,
        editable=False,
        encoder=DjangoJSONEncoder,
    )
    pending_at = models.DateTimeField(
        _("change scheduled for"), null=True, blank=True, editable=False
    )

    # Never part of a change: where the item stands, not what it says.
    NOT_PENDING = {
        "status",
        "review",
        "pending",
        "pending_at",
        "created_at",
        "updated_at",
    }

    class Meta:
        abstract = True

    # Fields a change does not wait for: staff bookkeeping no visitor reads
    # (an event's roster retention), saved at once.
    SAVED_AT_ONCE = set()

    @classmethod
    def pending_fields(cls):
        return [
            field
            for field in cls._meta.concrete_fields
            if field.editable
            and not field.primary_key
            and field.name not in cls.NOT_PENDING | cls.SAVED_AT_ONCE
        ]

    @property
    def is_live(self):
        """Whether visitors see (or, scheduled, will see) the item's columns:
        a change to it then waits in `pending`."""
        return self.status == Status.PUBLISHED

    def pending_store(self, tags=None):
        """Keep this instance's field values as the item's waiting change
        (its columns in the database stay as visitors see them)."""
        values = {}
        for field in self.pending_fields():
            value = field.value_from_object(self)
            values[field.attname] = (
                None if value is None else field.value_to_string(self)
            )
        if tags is not None:
            values["tags"] = sorted(tags, key=str.lower)
        self.pending = values

    def change_published(self, before):
        """Called as a waiting change goes public, `before` the item as it
        was: what a model keeps of its old self (an article, its old slug)."""

    def pending_apply(self):
        """Set the waiting change's values on this instance; returns its tag
        names, or None when the change leaves the tags alone."""
        values = dict(self.pending or {})
        tags = values.pop("tags", None)
        for field in self.pending_fields():
            if field.attname in values:
                value = values[field.attname]
                setattr(
                    self,
                    field.attname,
                    None if value is None else field.to_python(value),
                )
        return tags


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
            self.validate_inline_alt_texts()

    def validate_inline_alt_texts(self):
        """Refuse to publish rich text with an image that has no alt text,
        as a hero image without one is refused."""
        errors = {}
        for field in self._meta.concrete_fields:
            if isinstance(field, RichTextField) and images_without_alt(
                getattr(self, field.attname)
            ):
                errors[field.name] = _(
                    "An image in the text has no alt text: select it in the "
                    "editor and describe what it shows before publishing."
                )
        if errors:
            raise ValidationError(errors)

    @classmethod
    def publicly_shown(cls):
        return cls._default_manager.published()

    def shown_in_languages(self):
        """The languages visitors see this row in: its own, else all the site's."""
        if has_language_field(type(self)) and self.language:
            return [self.language]
        return [code for code, _name in settings.LANGUAGES]

    def validate_image_alt_texts(self):
        """Refuse to publish with an image lacking alt text in a language the
        row is shown in."""
        languages = self.shown_in_languages()
        errors = {}
        for field in self._meta.concrete_fields:
            if field.is_relation and field.related_model is Image:
                image = getattr(self, field.name)
                missing = image.alt_text_missing(languages) if image else []
                if missing:
                    errors[field.name] = alt_text_messages(missing, languages)
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        """Published, with its publication date still to come."""
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )
