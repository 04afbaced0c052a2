from django import template
from django.utils.html import format_html

from hangzhou_mice.templatetags.languages import marked

from ..models.events import location_pattern

register = template.Library()


@register.simple_tag
def event_location(event):
    """Address and city in the page's word order, each marked with its language."""
    if not event.address:
        return marked(event, "city")
    return format_html(
        location_pattern(),
        address=marked(event, "address"),
        city=marked(event, "city"),
    )
