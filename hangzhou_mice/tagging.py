"""How editors type tags, and which language a tag is in.

Editors separate tags with commas, Chinese commas included, and keep names of
sane length. A tag has one name in one language; a page shows each topic
under its name in the page's language (`in_language`), and the search finds
an item by its topics' names in both (`topic_names`).
"""

from django import forms
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Q
from django.utils.translation import gettext as _
from taggit.forms import TagField
from taggit.utils import _parse_tags

from . import search
from .models import Tag
from .tasks import enqueue_on_commit, search_reindex
from .translated import written_in

MAX_TAG_LENGTH = 100
CHINESE_SEPARATORS = str.maketrans({"，": ",", "、": ","})


def parse_tags(text):
    """Split a tag string on commas, including the full-width ， and 、."""
    return _parse_tags((text or "").translate(CHINESE_SEPARATORS))


class TagListField(TagField):
    """Tags typed as a list. With `existing_only`, for staff who may not
    add to the shared tags, a name no tag has yet is refused."""

    existing_only = False

    def clean(self, value):
        names = super().clean(value)
        if self.existing_only and (new := unknown_tags(names)):
            raise forms.ValidationError(
                _(
                    "No tag is called %(names)s yet: choose existing tags (Tags "
                    "lists them), or ask an editor to add it."
                )
                % {"names": ", ".join(new)}
            )
        too_long = [name for name in names if len(name) > MAX_TAG_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _(
                    "Tags are at most %(max)d characters; separate tags with commas: "
                    "%(tag)s"
                )
                % {"max": MAX_TAG_LENGTH, "tag": too_long[0][:40] + "…"}
            )
        return names


def unknown_tags(names):
    """The names among `names` no tag has, in any case (as taggit finds
    them: TAGGIT_CASE_INSENSITIVE): one query, none for no names."""
    if not names:
        return []
    query = Q(pk__in=[])
    for name in names:
        query |= Q(name__iexact=name)
    known = {
        name.lower()
        for name in Tag.objects.filter(query).values_list("name", flat=True)
    }
    return [name for name in names if name.lower() not in known]


def tag_language(tag):
    """The language of a tag's name, told by its script: Chinese if it has Han
    characters, else English (the site's two languages do not share one)."""
    return written_in(tag.name)


def name_in(tag, language):
    """The tag naming `tag`'s topic in `language`: its counterpart if the tag
    is in the other language and the counterpart is in this one, else itself.

    `tag.counterpart` is read: load it beforehand (`with_counterparts`).
    """
    if tag.counterpart_id is None or tag_language(tag) == language:
        return tag
    counterpart = tag.counterpart
    if counterpart is not None and tag_language(counterpart) == language:
        return counterpart
    return tag


def with_counterparts(tags):
    """The tags, as a list, with their counterparts loaded: the ones not
    already loaded (a plain prefetch of `tags`) in one query for them all."""
    tags = list(tags or ())
    cached = Tag.counterpart.is_cached
    missing = [tag for tag in tags if tag.counterpart_id and not cached(tag)]
    if missing:
        found = Tag.objects.in_bulk({tag.counterpart_id for tag in missing})
        for tag in missing:
            Tag.counterpart.field.set_cached_value(tag, found.get(tag.counterpart_id))
    return tags


def in_language(tags, language):
    """The tags as a page in `language` shows them: [(tag, its language)].

    Each tag is replaced by its counterpart in `language` where it has one,
    and shown once; a tag with no name in `language` stays as it is, and its
    language says so (it is "" where it is `language`).
    """
    shown = {}
    for tag in with_counterparts(tags):
        tag = name_in(tag, language)
        shown.setdefault(tag.pk, tag)
    return [
        (tag, "" if tag_language(tag) == language else tag_language(tag))
        for tag in shown.values()
    ]


def topic_names(tags):
    """The names the tags' topics have in either language, each once: every
    tag's own and its counterpart's ("MICE", "会展"), for the search.

    Counterparts not loaded yet are read in one query (`with_counterparts`).
    """
    names = {}
    for tag in with_counterparts(tags):
        names[tag.name] = None
        if tag.counterpart_id and tag.counterpart is not None:
            names[tag.counterpart.name] = None
    return list(names)


def with_topic_names(queryset):
    """The items with what `item_topic_names` reads, in the same query: the
    names of their tags and of the tags' counterparts, as two arrays (no
    model instance per tag: a rebuild reads tens of thousands)."""
    through = queryset.model._meta.get_field("tagged_items").related_model
    links = through.objects.filter(content_object=OuterRef("pk")).order_by("tag_id")
    paired = links.filter(tag__counterpart__isnull=False)
    return queryset.annotate(
        tag_names=ArraySubquery(links.values("tag__name")),
        counterpart_names=ArraySubquery(paired.values("tag__counterpart__name")),
    )


def item_topic_names(item):
    """`topic_names` of the item's tags, as `with_topic_names` read them."""
    if not hasattr(item, "tag_names"):
        return topic_names(item.tags.all())
    return list(dict.fromkeys([*item.tag_names, *item.counterpart_names]))


def topic_changed(sender, instance, raw=False, created=False, **kwargs):
    """After a tag is renamed, paired or deleted, re-index (once the
    transaction commits) the items it tags and those its counterparts tag:
    their search documents carry both names (`topic_names`).

    Collected now, before `services.tag_pair` unpairs an old counterpart or
    a delete removes the links; a new tag with no counterpart tags nothing.
    """
    if raw or (created and instance.counterpart_id is None):
        return
    named_by = Tag.objects.filter(counterpart=instance).values_list("pk", flat=True)
    tag_ids = {instance.pk, instance.counterpart_id, *named_by} - {None}
    items = {
        kind.key: list(
            kind.through.objects.filter(tag__in=tag_ids)
            .values_list("content_object_id", flat=True)
            .distinct()
        )
        for kind in search.searchable_kinds()
    }
    # On the task queue once committed: a rename on thousands of items must
    # not hold the editor's save; a failed enqueue is logged, and the next
    # save of an item or a rebuild catches up.
    enqueue_on_commit(search_reindex, items)
