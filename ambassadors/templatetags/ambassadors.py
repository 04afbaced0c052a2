from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from events.templatetags.events import names_in_page_order, person_name
from hangzhou_mice.templatetags.languages import as_written, in_language, marked

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


@register.simple_tag
def ambassador_name(ambassador):
    """陈示范教授 Chen Shifan on a Chinese page, Prof. Chen Shifan 陈示范 on an
    English one: each name marked with its language, the second smaller."""
    first, other = names_in_page_order(ambassador.name, ambassador.chinese_name)
    pattern = conditional_escape(ambassador.honorific_pattern(first))
    titled = mark_safe(  # noqa: S308  (our message, escaped; values escaped)
        pattern
        % {
            "honorific": conditional_escape(ambassador.get_honorific_display()),
            "name": as_written(first),
        }
    )
    return person_name(titled, other)


@register.simple_tag
def ambassador_initial(ambassador):
    """The first letter of the name the page leads with, for a portrait-less card."""
    first, _other = names_in_page_order(ambassador.name, ambassador.chinese_name)
    return as_written(first[:1])


@register.simple_tag
def in_its_language(text, code):
    """`text` in a `<span lang>` when it is in another language than the page."""
    return in_language(text, code)
