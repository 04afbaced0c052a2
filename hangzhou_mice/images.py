"""The image pipeline: check uploads, clean them, and make renditions.

An upload is checked by its content, not its name, and its pixel count is read
from the header before anything is decoded. What is kept is re-encoded, so
EXIF (GPS included) and anything appended to the file are gone.
"""

import io
import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

EXTENSIONS = {"JPEG": {".jpg", ".jpeg"}, "PNG": {".png"}, "WEBP": {".webp"}}
CANONICAL_EXTENSION = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
RENDITION_WIDTHS = (480, 960, 1600)
SQUARE_WIDTHS = (240, 480)  # portraits: centre-cropped squares
KEPT_INFO = {"transparency", "icc_profile"}


def check_size(upload):
    limit = settings.IMAGE_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; images may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


def open_header(upload):
    """Open the image lazily: only its header is read."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # We check the pixel count ourselves, below Pillow's own limit.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            picture = PILImage.open(upload)
    except PILImage.DecompressionBombError as error:
        # Past twice its own limit Pillow refuses to open the file at all.
        raise ValidationError(
            _("The image has far more than %(limit).0f megapixels, the limit.")
            % {"limit": settings.IMAGE_MAX_PIXELS / 1e6},
            code="too_many_pixels",
        ) from error
    except (UnidentifiedImageError, OSError):
        picture = None
    if picture is None or picture.format not in EXTENSIONS:
        raise ValidationError(
            _("This file is not a JPEG, PNG or WebP image."), code="not_an_image"
        )
    return picture


def check_name(picture, name):
    extension = PurePath(name).suffix.lower()
    if extension not in EXTENSIONS[picture.format]:
        expected = CANONICAL_EXTENSION[picture.format]
        if extension:
            message = _(
                "The file is a %(format)s image but its name ends in “%(ext)s”; "
                "rename it to end in %(expected)s."
            )
        else:
            message = _(
                "The file is a %(format)s image but its name has no extension; "
                "rename it to end in %(expected)s."
            )
        raise ValidationError(
            message
            % {"format": picture.format, "ext": extension, "expected": expected},
            code="wrong_extension",
        )


def check_pixels(picture):
    width, height = picture.size
    limit = settings.IMAGE_MAX_PIXELS
    if width * height > limit:
        raise ValidationError(
            _(
                "The image is %(width)d × %(height)d pixels (%(mp).0f megapixels); "
                "the limit is %(limit).0f megapixels."
            )
            % {
                "width": width,
                "height": height,
                "mp": width * height / 1e6,
                "limit": limit / 1e6,
            },
            code="too_many_pixels",
        )


def decode(picture):
    try:
        picture.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("The image is damaged or incomplete and cannot be read."),
            code="broken_image",
        ) from error
    return ImageOps.exif_transpose(picture)


def encode(picture, image_format, **options):
    """Return `picture` encoded in `image_format`, without metadata, as bytes."""
    if image_format == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    # Encoders copy some metadata (a JPEG comment, XMP) from `info` by
    # default; keep only what the pixels need.
    picture.info = {k: v for k, v in picture.info.items() if k in KEPT_INFO}
    buffer = io.BytesIO()
    defaults = {
        "JPEG": {"quality": 88, "optimize": True, "progressive": True},
        "PNG": {"optimize": True},
        "WEBP": {"quality": 85, "method": 4},
    }
    picture.save(buffer, image_format, **(defaults[image_format] | options))
    return buffer.getvalue()


def clean_upload(upload):
    """Check an uploaded image and return it re-encoded, or raise ValidationError."""
    check_size(upload)
    picture = open_header(upload)
    check_name(picture, upload.name)
    check_pixels(picture)
    image_format = picture.format
    picture = decode(picture)
    name = PurePath(upload.name).stem + CANONICAL_EXTENSION[image_format]
    return ContentFile(encode(picture, image_format), name=name)


def fallback_format(picture):
    """JPEG, unless the picture has transparency to keep."""
    has_alpha = picture.mode in ("RGBA", "LA") or "transparency" in picture.info
    return ("PNG", ".png") if has_alpha else ("JPEG", ".jpg")


def open_original(image):
    """Open the stored original, in a mode every encoder accepts."""
    with image.file.open("rb"), PILImage.open(image.file) as original:
        original.load()
        fmt, extension = fallback_format(original)
        if original.mode not in ("RGB", "RGBA", "L", "LA"):
            original = original.convert("RGBA" if fmt == "PNG" else "RGB")
        return original.copy(), fmt, extension


def write_rendition(picture, name, fallback, storage, written):
    """Write `picture` as WebP and as the fallback format; describe both."""
    entry = {"width": picture.width, "height": picture.height}
    fmt, extension = fallback
    for key, image_format, ext in (
        ("webp", "WEBP", ".webp"),
        ("fallback", fmt, extension),
    ):
        path = storage.save(f"{name}{ext}", ContentFile(encode(picture, image_format)))
        written.append(path)
        entry[key] = path
    return entry


def make_renditions(image, storage, written):
    """Write the renditions of `image`; return their description.

    Every path written is appended to `written`, so a caller can remove them
    all if anything fails part way.
    """
    original, *fallback = open_original(image)
    widths = [w for w in RENDITION_WIDTHS if w < original.width]
    widths.append(min(original.width, RENDITION_WIDTHS[-1]))
    renditions = []
    for width in sorted(set(widths)):
        height = round(original.height * width / original.width)
        resized = original.resize((width, height), PILImage.Resampling.LANCZOS)
        name = f"renditions/{image.pk}/{width}"
        renditions.append(write_rendition(resized, name, fallback, storage, written))
    return renditions


def make_square_renditions(image, storage, written):
    """Write centre-cropped square renditions of `image` (for portraits)."""
    original, *fallback = open_original(image)
    side = min(original.size)
    sizes = sorted({min(width, side) for width in SQUARE_WIDTHS})
    renditions = []
    for size in sizes:
        square = ImageOps.fit(original, (size, size), PILImage.Resampling.LANCZOS)
        name = f"renditions/{image.pk}/square-{size}"
        renditions.append(write_rendition(square, name, fallback, storage, written))
    return renditions
