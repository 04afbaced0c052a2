"""What an item is about: the events, venues and people an article names."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Mention(models.Model):
    """That `source` (an article) is about `target` (an item of a mentionable
    kind). Ids, not foreign keys: the shared layer names no app's table; the
    rows of a deleted item go with it (`hangzhou_mice.mentions`)."""

    # No index of their own: the constraint's and the target index lead
    # with them.
    source_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of source"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    source_id = models.PositiveBigIntegerField(_("source id"))
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of target"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    target_id = models.PositiveBigIntegerField(_("target id"))

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "target_type", "target_id"],
                name="unique_mention",
            )
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="mention_target_idx")
        ]

    def __str__(self):
        return (
            f"{self.source_type_id}:{self.source_id} → "
            f"{self.target_type_id}:{self.target_id}"
        )
