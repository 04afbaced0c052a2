"""How editors type tags: commas, Chinese commas included, names of sane length."""

from django import forms
from django.utils.translation import gettext as _
from taggit.forms import TagField
from taggit.utils import _parse_tags

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
