"""How editors type tags, and which language a tag is in.

Editors separate tags with commas, Chinese commas included, and keep names of
sane length. A tag has one name in one language; a page shows each topic
under its name in the page's language (`in_language`).
"""

from django import forms
from django.utils.translation import gettext as _
from taggit.forms import TagField
from taggit.utils import _parse_tags

from .models import Tag
from .translated import written_in

MAX_TAG_LENGTH = 100
CHINESE_SEPARATORS = str.maketrans({"，": ",", "、": ","})


def parse_tags(text):
    """Split a tag string on commas, including the full-width ， and 、."""
    return _parse_tags((text or "").translate(CHINESE_SEPARATORS))


class TagListField(TagField):
    def clean(self, value):
        names = super().clean(value)
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
