from django import template
from django.core.files.storage import default_storage

from hangzhou_mice.richtext import render_html

register = template.Library()


@register.filter
def richtext(html):
    """Render stored rich text, sanitized again on the way out."""
    return render_html(html)


@register.inclusion_tag("includes/picture.html")
def picture(image, sizes="100vw", css_class=""):
    """Render `image` as a responsive <picture> from its renditions."""
    renditions = image.renditions if image else []
    if not renditions:
        return {"image": None}
    url = default_storage.url
    default = image.default_rendition
    return {
        "image": image,
        "sizes": sizes,
        "css_class": css_class,
        "webp_srcset": ", ".join(f"{url(r['webp'])} {r['width']}w" for r in renditions),
        "fallback_srcset": ", ".join(
            f"{url(r['fallback'])} {r['width']}w" for r in renditions
        ),
        "src": url(default["fallback"]),
    }
