from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hangzhou_mice.templatetags.languages import (
    as_written,
    bcp47,
    content_language,
    in_language,
    marked,
)
from hangzhou_mice.translated import written_in

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


def names_in_page_order(name, chinese_name):
    """(the name this page's reader reads first, the other one or "").

    A Chinese page leads with the name in characters where there is one; an
    English page with the name in Latin letters, the characters beside it.
    """
    if translation.get_language() == "zh-hans" and chinese_name:
        return chinese_name, name
    return name, chinese_name


def person_name(first, other=""):
    """A person's name as pages show it: `first` (safe HTML, in the page's
    order), then the name in the other script, smaller and marked."""
    html = format_html('<span class="person-name">{}</span>', first)
    if not other:
        return html
    return format_html(
        '{} <span class="person-name person-name--other" lang="{}">{}</span>',
        html,
        bcp47(written_in(other)),
        other,
    )


@register.simple_tag
def guest_name(guest):
    """田梅 Tian Mei on a Chinese page, Tian Mei 田梅 on an English one."""
    first, other = names_in_page_order(guest.full_name, guest.chinese_name)
    return person_name(as_written(first), other)


def job_title(guest):
    """(the guest's job title for this page, its language), or ("", "")."""
    chinese, typed = guest.chinese_job_title, guest.job_title
    if translation.get_language() == "zh-hans" and chinese:
        return chinese, "zh-hans"
    if typed and (written_in(typed) == translation.get_language() or not chinese):
        return typed, written_in(typed)
    return (chinese, "zh-hans") if chinese else ("", "")


@register.simple_tag
def guest_role(guest):
    """Job title and organization in the page's word order: "Regional Director,
    ICCA"; 国际大会及会议协会（ICCA）亚太区总监, the organization first."""
    title, title_language = job_title(guest)
    organization = guest.organization
    if not (title and organization):
        return in_language(title, title_language) if title else _organization(guest)
    page = translation.get_language()
    one_script = title_language == page == content_language(organization, "name")
    if one_script:
        # Translators: Chinese puts the organization first, with no comma.
        pattern = _("{job_title}, {organization}")
    else:
        # Translators: one of the two is in the other language (a space
        # between Chinese and Latin letters): "{organization} {job_title}".
        pattern = pgettext("one part in another script", "{job_title}, {organization}")
    return format_html(
        conditional_escape(pattern),
        job_title=in_language(title, title_language),
        organization=_organization(guest),
    )


def _organization(guest):
    return marked(guest.organization, "name") if guest.organization else ""
