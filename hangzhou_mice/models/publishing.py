"""Draft or published, and from when: what visitors may see."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel
from .images import Image


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
