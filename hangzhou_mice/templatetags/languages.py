"""The page in every site language: the switch, hreflang links, lang codes."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from modeltranslation.utils import resolution_order

from ..translated import language_column, translated_fields, written_in

register = template.Library()


@register.filter
def bcp47(code):
    """A Django language code as HTML and hreflang want it: zh-hans → zh-Hans."""
    return translation.to_locale(code).replace("_", "-")


# OpenGraph names a locale, not a language.
OG_LOCALES = {"en": "en_US", "zh-hans": "zh_CN"}


@register.filter
def og_locale(code):
    return OG_LOCALES.get(code, translation.to_locale(code))


def without_page(request):
    """The request's path and query, less its page number: the other
    language's list may be shorter, and its first page always exists."""
    query = request.GET.copy()
    query.pop("page", None)
    return f"{request.path}?{query.urlencode()}" if query else request.path


@register.simple_tag(takes_context=True)
def page_languages(context):
    """Each site language with the address of this page in it.

    A view may set `translations` ({code: url}) for content that exists in
    some languages only; a language missing from it gets `fallbacks[code]`
    (or the home page) and `exists` False, so hreflang names only real
    translations and the switch never leads to a 404.
    """
    request = context.get("request")
    translations = context.get("translations")
    fallbacks = context.get("fallbacks") or {}
    current = translation.get_language()
    pages = []
    for code, _name in settings.LANGUAGES:
        if translations is not None:
            url = translations.get(code)
            exists = url is not None
        else:
            url = translate_url(without_page(request), code) if request else None
            exists = url is not None
        if url is None:
            with translation.override(code):
                url = fallbacks.get(code) or reverse("home")
        pages.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "exists": exists,
                "current": code == current,
            }
        )
    return pages


def content_language(obj, field):
    """The language `obj.<field>` is shown in on the current page.

    A field stored per language (`title_en`, `title_zh_hans`) is in the page's
    language unless it is empty there and another language fills in; a row
    with a `language` is in that; anything else is in the site's default
    language, which is how editors have written it so far.
    """
    current = translation.get_language()
    # __class__, not type(): a lazy object (the bureau's record) passes it on.
    if field in translated_fields(obj.__class__):
        # The order the model's own attribute falls back in (settings).
        for code in resolution_order(current):
            if getattr(obj, language_column(field, code)):
                return code
        return current
    return getattr(obj, "language", None) or settings.LANGUAGE_CODE


@register.simple_tag
def lang_attr(obj, field):
    """` lang="…"` when `obj.<field>` is in another language than the page."""
    if obj is None:
        return ""
    shown = content_language(obj, field)
    if shown == translation.get_language():
        return ""
    return format_html(' lang="{}"', bcp47(shown))


@register.simple_tag
def marked(obj, field):
    """`obj.<field>`, in a `<span lang="…">` only where it is in another
    language than the page (an untranslated field shown as a fallback)."""
    value = getattr(obj, field)
    attribute = lang_attr(obj, field)
    if not attribute:
        return value
    return format_html("<span{}>{}</span>", attribute, value)


def in_language(text, code):
    """`text`, escaped, in a `<span lang>` when `code` is not the page's language."""
    if not text or code == translation.get_language():
        return conditional_escape(text)
    return format_html('<span lang="{}">{}</span>', bcp47(code), text)


@register.filter(name="typed")
def as_written(text):
    """A typed text (a search, a name, a job title) marked with the language
    its script says, where that is not the page's language."""
    return in_language(text, written_in(str(text)))


@register.filter
def in_page_script(value):
    """Whether a typed value reads in the page's language, by its script."""
    return written_in(str(value)) == translation.get_language()
