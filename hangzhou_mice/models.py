"""What every content type shares: timestamps and the publishing workflow."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


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

    @property
    def is_published(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )
