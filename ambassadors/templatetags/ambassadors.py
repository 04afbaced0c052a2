from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from hangzhou_mice.templatetags.languages import marked

register = template.Library()


@register.simple_tag
def position_at(ambassador):
    """Position and institution in the page's word order (浙江省科协副主席)."""
    institution = ambassador.institution
    return format_html(
        # Translators: Chinese puts the institution first, with no comma.
        _("{position}, {institution}"),
        position=marked(ambassador, "position"),
        institution=marked(institution, "name"),
    )
