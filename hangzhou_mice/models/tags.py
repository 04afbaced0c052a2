"""Tags shared by every kind, and the abstract link each kind subclasses."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import ItemBase, TagBase

from .base import unique_regardless_of_case


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
