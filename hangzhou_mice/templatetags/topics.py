"""Tags as the page's language names them."""

from django import template
from django.utils import translation

from ..tagging import in_language

register = template.Library()


@register.filter
def in_page_language(tags):
    """[(tag, language)]: each tag under its name in the page's language where
    it has one; `language` is the tag's own where it has not, else ""."""
    return in_language(tags, translation.get_language())
