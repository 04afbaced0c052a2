"""Tag names saved with each revision, so versions compare tags too."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


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
