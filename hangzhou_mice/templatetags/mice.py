from django import template
from django.core.files.storage import default_storage

from hangzhou_mice.richtext import render_html

register = template.Library()


@register.filter
def richtext(html):
    """Render stored rich text, sanitized again on the way out."""
    return render_html(html)


@register.inclusion_tag("includes/picture.html")
def picture(image, sizes="100vw", css_class="", shape=""):
    """Render `image` as a responsive <picture> from its renditions.

    shape="square" uses the centre-cropped square renditions (portraits).
    """
    if not image:
        return {"image": None}
    square = shape == "square"
    renditions = image.square_renditions if square else image.renditions
    if not renditions:
        return {"image": None}
    url = default_storage.url
    default = renditions[-1] if square else image.default_rendition
    return {
        "image": image,
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
