import html as htmllib
import re
from urllib.parse import unquote, urlsplit

from django import template
from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from hangzhou_mice import registry
from hangzhou_mice.models import Image
from hangzhou_mice.richtext import render_html

from .languages import lang_attr

register = template.Library()


@register.filter
def richtext(html):
    """Render stored rich text, sanitized again on the way out; an image
    from the library as the hero images are, with its renditions' srcset,
    lazily, the editor's alt text kept (`inline_pictures`)."""
    return inline_pictures(render_html(html))


INLINE_IMG = re.compile(r"<img\b(?P<attributes>[^>]*)>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
INLINE_SIZES = "(max-width: 48rem) 100vw, 44rem"


def inline_pictures(html):
    """`html` with each <img> of the library made a lazy, responsive picture:
    one query for the whole text.

    An image picked in the editor names its library image by id
    (`data-file`); one whose renditions are not made yet, or that was
    deleted, is left out, as a hero image is. An older image named only by
    its address is found by that, and stays a plain lazy image otherwise.
    """
    tags = [
        (match, dict(ATTRIBUTE.findall(match["attributes"])))
        for match in INLINE_IMG.finditer(html)
    ]
    if not tags:
        return html
    ids = {int(a["data-file"]) for _m, a in tags if a.get("data-file", "").isdigit()}
    names = {media_name(htmllib.unescape(a.get("src", ""))) for _m, a in tags}
    names.discard("")
    query = Q(pk__in=ids)
    for name in names:
        query |= Q(file=name) | Q(renditions__contains=[{"fallback": name}])
        query |= Q(renditions__contains=[{"webp": name}])
    by_id, by_name = {}, {}
    for image in Image.objects.filter(query):
        by_id[image.pk] = image
        if image.has_renditions:
            for name in (
                image.file.name,
                *(r[k] for r in image.renditions for k in ("fallback", "webp")),
            ):
                by_name[name] = image
    parts, last = [], 0
    for match, attributes in tags:
        parts.append(html[last : match.start()])
        last = match.end()
        alt = htmllib.unescape(attributes.get("alt", ""))
        if attributes.get("data-file", "").isdigit():
            image = by_id.get(int(attributes["data-file"]))
            if image is not None and image.has_renditions:
                parts.append(inline_picture(image, alt))
            continue
        image = by_name.get(media_name(htmllib.unescape(attributes.get("src", ""))))
        if image is not None:
            parts.append(inline_picture(image, alt))
        else:
            parts.append(
                match[0].replace("<img", '<img loading="lazy" decoding="async"', 1)
            )
    parts.append(html[last:])
    return mark_safe("".join(parts))  # noqa: S308  (sanitized text, our markup)


def inline_picture(image, alt):
    context = picture(image, sizes=INLINE_SIZES)
    context["alt"] = alt
    return render_to_string("includes/inline_picture.html", context)


def media_name(url):
    """The storage name a URL of our media stands for, or ""."""
    path = urlsplit(url).path
    media = settings.MEDIA_URL
    return unquote(path[len(media) :]) if path.startswith(media) else ""


@register.simple_tag(takes_context=True)
def card(context, item):
    """Render `item` with its kind's card template (see the content registry).

    The card sees the page's context, the item under its model's name, and
    its kind's card context where the page does not set those names.
    """
    kind = registry.for_model(type(item))
    template = context.template.engine.get_template(kind.card_template)
    defaults = {k: v for k, v in kind.card_context.items() if k not in context}
    with context.push(**defaults, **{kind.key: item}):
        return template.render(context)


@register.filter
def rendition_url(image):
    """The address of an image's middle rendition (JPEG or PNG), for sharing."""
    rendition = image.default_rendition if image and image.has_renditions else None
    return default_storage.url(rendition["fallback"]) if rendition else ""


@register.filter
def alt_text_in(image, language):
    """`image`'s alt text in `language` only, never the other's ("" if none):
    for og:image:alt, which cannot say what language it is in."""
    return image.alt_text_in(language) if image else ""


@register.simple_tag
def credit(image):
    """`image`'s credit as a <span class="credit">, marked with its language
    where the page's language has none and the other's is shown."""
    if not image or not image.credit:
        return ""
    return format_html(
        '<span class="credit"{}>{}</span>', lang_attr(image, "credit"), image.credit
    )


@register.inclusion_tag("includes/picture.html")
def picture(image, sizes="100vw", css_class="", shape=""):
    """Render `image` as a responsive <picture> from its renditions.

    shape="square" uses the centre-cropped square renditions (portraits).
    Nothing is rendered while the renditions are still being made. The alt
    text is the page's language's, else the other's marked with its `lang`.
    """
    if not image or not image.has_renditions:
        return {"image": None}
    square = shape == "square"
    renditions = image.square_renditions if square else image.renditions
    if not renditions:
        return {"image": None}
    url = default_storage.url
    default = renditions[-1] if square else image.default_rendition
    return {
        "image": image,
        "alt_lang": lang_attr(image, "alt_text"),
        "width": default["width"] if square else image.width,
        "height": default["height"] if square else image.height,
        "sizes": sizes,
        "css_class": css_class,
        "webp_srcset": ", ".join(f"{url(r['webp'])} {r['width']}w" for r in renditions),
        "fallback_srcset": ", ".join(
            f"{url(r['fallback'])} {r['width']}w" for r in renditions
        ),
        "src": url(default["fallback"]),
    }
