"""Rich text: the admin editor and the allowlist its HTML is held to.

The editor (django-prose-editor) offers exactly what the allowlist keeps, and
nh3 enforces it on the server whenever a rich-text field is saved, by form,
import or shell, and again when a template renders it. Like everything else
outside the allowlist, an image from anywhere but our own media is dropped.
"""

import functools
import html as htmllib
import re
from urllib.parse import unquote, urlsplit

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse_lazy
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import allowlist_from_extensions
from django_prose_editor.fields import ProseEditorField

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "Image": True,
    # "Browse…" in the image dialog opens the library (`ImageAdmin.picker`);
    # the editor keeps the picked image's id in `data-file`.
    "Figure": {"pickerUrl": reverse_lazy("admin:hangzhou_mice_image_picker")},
    "Caption": True,
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# An <img> as html5ever serializes it: double-quoted values, `"` escaped.
IMG_TAG = re.compile(r'<img(?: [^\s="]+="[^"]*")*>')
# Browsers read a backslash as a slash and skip tabs and newlines in URLs,
# so a source with them may not go where it seems to.
MISLEADING_URL_CHARACTERS = re.compile(r"[\x00-\x20\\]")


@functools.cache
def _cleaner():
    config = allowlist_from_extensions(EDITOR_EXTENSIONS)
    config["attributes"]["a"] -= {"rel", "target"}
    config.update(
        link_rel="noopener", url_schemes=URL_SCHEMES, attribute_filter=_own_images
    )
    return nh3.Cleaner(**config)


LIBRARY_ID = re.compile(r"[0-9]{1,18}")


def _own_images(tag, attribute, value):
    if tag != "img":
        return value
    if attribute == "src" and not is_own_media(value):
        return None
    if attribute == "data-file" and not LIBRARY_ID.fullmatch(value):
        return None
    return value


def is_own_media(url):
    """Whether `url` is under MEDIA_URL, as a path or on one of our hosts."""
    media = settings.MEDIA_URL
    segments = set(unquote(urlsplit(url).path).split("/"))
    if MISLEADING_URL_CHARACTERS.search(url) or segments & {".", ".."}:
        return False
    if url.startswith(media):
        return True
    parts = urlsplit(url)
    own_hosts = {h for h in settings.ALLOWED_HOSTS if not h.startswith((".", "*"))}
    return (
        media.startswith("/")
        and parts.scheme in ("http", "https")
        and parts.hostname in own_hosts
        and parts.path.startswith(media)
    )


IMG_SRC = re.compile(r'<img\b[^>]*?\ssrc="([^"]*)"', re.IGNORECASE)


def validate_own_images(html):
    """Refuse images from other sites, which saving would drop unseen."""
    foreign = [
        src
        for src in map(htmllib.unescape, IMG_SRC.findall(html or ""))
        if not is_own_media(src)
    ]
    if foreign:
        raise ValidationError(
            _(
                "Images must come from this site's image library; these would "
                "be removed: %(sources)s. Upload them under Images first, then "
                "insert their address."
            ),
            code="foreign_image",
            params={"sources": ", ".join(foreign)},
        )


IMG_ALT = re.compile(r'\salt="([^"]*)"')


def images_without_alt(html):
    """How many images of `html` have no alt text (or only spaces)."""
    return sum(
        1
        for tag in IMG_TAG.findall(html or "")
        if not htmllib.unescape((IMG_ALT.search(tag) or [None, ""])[1]).strip()
    )


def _drop_sourceless_images(html):
    return IMG_TAG.sub(lambda img: img[0] if ' src="' in img[0] else "", html)


def sanitize_html(html):
    """Return `html` with everything outside the allowlist removed."""
    if not html:
        return ""
    cleaned = _drop_sourceless_images(_cleaner().clean(html)).strip()
    # The editor saves an empty document as one empty paragraph.
    return "" if cleaned in ("<p></p>", "<p><br></p>") else cleaned


def render_html(html):
    """Return stored rich text, sanitized once more, safe to insert in a page."""
    return mark_safe(sanitize_html(html))  # noqa: S308  (sanitized just above)


class RichTextField(ProseEditorField):
    """A TextField edited with the prose editor and stored sanitized."""

    # Checked on the editor's input, before the sanitizer drops anything.
    default_validators = [validate_own_images]

    def __init__(self, *args, **kwargs):
        kwargs.update(extensions=EDITOR_EXTENSIONS, sanitize=sanitize_html)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        # Into the instance's own value, not through the class attribute: on a
        # model with per-language columns that would write the language shown
        # (perhaps another, as a fallback) into the active language's column.
        model_instance.__dict__[self.attname] = value
        return value

    def deconstruct(self):
        name, _path, args, kwargs = models.TextField.deconstruct(self)
        return name, "hangzhou_mice.richtext.RichTextField", args, kwargs
