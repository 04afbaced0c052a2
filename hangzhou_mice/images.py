"""The image pipeline: check uploads, clean them, and make renditions.

An upload is checked by its content, not its name, and its pixel count, its
shape and the memory its decoding needs are read from the header before
anything is decoded; what its metadata may unpack to is bounded too. It is
then decoded once, at a bounded size: a JPEG at a reduced scale
(`draft`), a PNG or WebP whole and then reduced by a whole factor, so that what
is kept is at most KEPT_MAX_SIDE pixels on its longer side. What is kept is
re-encoded, so EXIF (GPS included) and anything appended to the file are gone.

Every file is stored under a new random name (`stored_name`, `rendition_stem`):
an image of a draft cannot be found by guessing, and no name is used twice.
"""

import io
import math
import re
import secrets
import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat, floatformat
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps, PngImagePlugin, UnidentifiedImageError

EXTENSIONS = {"JPEG": {".jpg", ".jpeg"}, "PNG": {".png"}, "WEBP": {".webp"}}
CANONICAL_EXTENSION = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
STORED_EXTENSION = {
    ext: CANONICAL_EXTENSION[fmt] for fmt, exts in EXTENSIONS.items() for ext in exts
}
RENDITION_WIDTHS = (480, 960, 1600)
SQUARE_WIDTHS = (240, 480)  # portraits: centre-cropped squares
KEPT_INFO = {"transparency", "icc_profile"}
# The kept original feeds the renditions only: twice the widest is plenty.
KEPT_MAX_SIDE = 2 * RENDITION_WIDTHS[-1]
# Modes Pillow can reduce; others are converted first (see working_mode).
REDUCIBLE_MODES = {"L", "LA", "RGB", "RGBA", "CMYK"}
# Pillow pads three-band pixels to four bytes; these modes use fewer.
BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2}
# libwebp's decoder keeps two canvases and Pillow copies its output twice.
DECODER_COPIES = {"WEBP": 4}
# Pixels of the original reduced at a time, whatever its width (a band of
# 448 rows of a 20,000-pixel-wide image was 36 MB).
STRIP_PIXELS = 1_000_000
# Renditions: reduce by a whole factor while at least this many times too
# big, then resample (Pillow's `reducing_gap`; 3 looks like plain LANCZOS).
REDUCING_GAP = 3.0
# Chinese counts large numbers in 万 (ten thousand), not in millions: the
# translation of "%(count)s megapixels" counts in the unit named here.
PIXEL_UNITS = {"zh-hans": 10_000}
# 128 random bits, in hex: safe on case-insensitive disks and in any URL.
RANDOM_NAME = re.compile(r"[0-9a-f]{32}(-[a-z0-9-]+)?\.[a-z]+")


def extension(name):
    """What follows the last dot of a file name, lowercased: ".png" of ".png"."""
    _stem, dot, suffix = PurePath(name).name.rpartition(".")
    return f".{suffix.lower()}" if dot and suffix else ""


def stored_name(name):
    """A random name for a file uploaded as `name`, with its format's extension."""
    return secrets.token_hex(16) + STORED_EXTENSION.get(extension(name), "")


def rendition_stem():
    """The random start of the names of one run's renditions."""
    return f"renditions/{timezone.now():%Y/%m}/{secrets.token_hex(16)}"


def has_random_name(name):
    return bool(RANDOM_NAME.fullmatch(PurePath(name).name))


def file_label(name, max_length):
    """The uploader's file name as a label: no folders or control characters."""
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    if len(name) <= max_length:
        return name
    # Cut the stem, as Django cuts an uploaded file's name, keeping the suffix.
    suffix = name[len(name) - len(extension(name)) :][:16]
    return name[: max_length - len(suffix)] + suffix


def size_label(size):
    """A file size as `filesizeformat` writes it, less a trailing ".0": 20 MB."""
    label = filesizeformat(size)
    return label.replace(formats.get_format("DECIMAL_SEPARATOR") + "0\xa0", "\xa0")


def pixels_label(pixels):
    """A pixel count in the unit the language counts in: 40 megapixels,
    4000 万像素."""
    unit = PIXEL_UNITS.get(get_language(), 1_000_000)
    # Translators: a count of millions of pixels, but in Chinese of 万 pixels
    # (PIXEL_UNITS in hangzhou_mice/images.py): "%(count)s 万像素".
    label = _("%(count)s megapixels")
    return label % {"count": floatformat(pixels / unit, -1)}


def check_size(upload):
    limit = settings.IMAGE_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; images may be at most %(limit)s.")
            % {"size": size_label(upload.size), "limit": size_label(limit)},
            code="file_too_large",
        )


def bound_metadata():
    """Bound what Pillow unpacks from PNG text and colour-profile chunks.

    Set before every opening rather than at import, so that the setting
    in force is the one applied.
    """
    limit = settings.IMAGE_MAX_METADATA_BYTES
    PngImagePlugin.MAX_TEXT_CHUNK = PngImagePlugin.MAX_TEXT_MEMORY = limit


def metadata_too_large():
    return ValidationError(
        _(
            "The image carries text or a colour profile of more than %(limit)s, "
            "the limit. Save it without metadata, or with a standard colour "
            "profile such as sRGB, and upload it again."
        )
        % {"limit": size_label(settings.IMAGE_MAX_METADATA_BYTES)},
        code="metadata_too_large",
    )


def unreadable(error):
    """The ValidationError for a ValueError or OSError Pillow raised reading."""
    # Pillow names the limit a chunk passed in its message.
    if "MAX_TEXT_" in str(error):
        return metadata_too_large()
    return ValidationError(
        _("The image is damaged or incomplete and cannot be read."),
        code="broken_image",
    )


def open_header(upload):
    """Open the image lazily: only its header (and chunks before pixels) is read."""
    upload.seek(0)
    bound_metadata()
    try:
        with warnings.catch_warnings():
            # We check the pixel count ourselves, below Pillow's own limit.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            picture = PILImage.open(upload)
    except ValueError as error:
        raise unreadable(error) from error
    except PILImage.DecompressionBombError as error:
        # Past twice its own limit Pillow refuses to open the file at all.
        raise ValidationError(
            _("The image has far more than %(limit)s, the limit.")
            % {"limit": pixels_label(settings.IMAGE_MAX_PIXELS)},
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
    ext = extension(name)
    if ext not in EXTENSIONS[picture.format]:
        expected = CANONICAL_EXTENSION[picture.format]
        if ext:
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
            message % {"format": picture.format, "ext": ext, "expected": expected},
            code="wrong_extension",
        )


def check_pixels(picture):
    width, height = picture.size
    limit = settings.IMAGE_MAX_PIXELS
    if width * height > limit:
        raise ValidationError(
            _(
                "The image is %(width)d × %(height)d pixels (%(pixels)s); "
                "the limit is %(limit)s."
            )
            % {
                "width": width,
                "height": height,
                "pixels": pixels_label(width * height),
                "limit": pixels_label(limit),
            },
            code="too_many_pixels",
        )


def check_longer_side(picture):
    width, height = picture.size
    limit = settings.IMAGE_MAX_SIDE_PIXELS
    if max(width, height) > limit:
        raise ValidationError(
            _(
                "The image is %(width)d × %(height)d pixels; its longer side may "
                "be at most %(limit)d pixels. Save it smaller and upload it again."
            )
            % {"width": width, "height": height, "limit": limit},
            code="too_long_side",
        )


def check_aspect_ratio(picture):
    width, height = picture.size
    limit = settings.IMAGE_MAX_ASPECT_RATIO
    if max(width, height) > limit * min(width, height):
        raise ValidationError(
            _(
                "The image is %(width)d × %(height)d pixels; its longer side may "
                "be at most %(limit)d times its shorter one. Crop it and upload "
                "it again."
            )
            % {"width": width, "height": height, "limit": limit},
            code="too_elongated",
        )


def check_metadata(picture):
    """Refuse a colour profile past the limit: every rendition would carry it."""
    profile = picture.info.get("icc_profile") or b""
    if len(profile) > settings.IMAGE_MAX_METADATA_BYTES:
        raise metadata_too_large()


def working_mode(picture):
    """The mode `picture` is reduced in: its own, if Pillow can reduce that."""
    if picture.mode in REDUCIBLE_MODES:
        return picture.mode
    if picture.mode == "PA" or "transparency" in picture.info:
        return "RGBA"
    return "RGB" if picture.mode == "P" else "L"


def decoded_bytes(picture):
    """Return the memory decoding `picture` at its current size takes."""
    modes = {picture.mode, working_mode(picture)}
    per_pixel = sum(BYTES_PER_PIXEL.get(mode, 4) for mode in modes)
    copies = DECODER_COPIES.get(picture.format, 1)
    return picture.width * picture.height * per_pixel * copies


def reduction(size):
    """The whole factor that brings `size` within KEPT_MAX_SIDE."""
    return math.ceil(max(size) / KEPT_MAX_SIDE)


def plan_decode(picture):
    """Let a JPEG decode at the smallest scale that keeps the widest rendition."""
    if reduction(picture.size) > 1:
        ratio = RENDITION_WIDTHS[-1] / max(picture.size)
        picture.draft(None, tuple(math.ceil(side * ratio) for side in picture.size))


def check_decoded_bytes(picture, declared_size):
    limit = settings.IMAGE_MAX_DECODED_BYTES
    needed = decoded_bytes(picture)
    if needed > limit:
        width, height = declared_size
        raise ValidationError(
            _(
                "The image is %(width)d × %(height)d pixels, which would take "
                "%(needed)s of memory to read; the limit is %(limit)s. Save it "
                "smaller, or as a JPEG, and upload it again."
            )
            % {
                "width": width,
                "height": height,
                "needed": size_label(needed),
                "limit": size_label(limit),
            },
            code="too_much_memory",
        )


def decode(picture):
    """Decode `picture` once and return it upright, reduced within the bound."""
    try:
        picture.load()
    except (OSError, SyntaxError, ValueError) as error:
        # Chunks after the pixels (a PNG's zTXt) are unpacked here.
        raise unreadable(error) from error
    factor = reduction(picture.size)
    if factor > 1:
        if picture.mode != working_mode(picture):
            picture = picture.convert(working_mode(picture))
        picture = reduce_in_strips(picture, factor)
    # Transposed after reducing and in place: no full-size copy is made.
    ImageOps.exif_transpose(picture, in_place=True)
    return picture


def reduce_in_strips(picture, factor):
    """Return `picture` reduced `factor` times, a band of rows at a time.

    Pillow reduces an image with alpha through a premultiplied copy of all
    of it; a band at a time, that copy stays small.
    """
    width, height = picture.size
    size = (math.ceil(width / factor), math.ceil(height / factor))
    reduced = PILImage.new(picture.mode, size)
    step = factor * max(1, STRIP_PIXELS // (width * factor))
    for top in range(0, height, step):
        strip = picture.crop((0, top, width, min(top + step, height)))
        reduced.paste(strip.reduce(factor), (0, top // factor))
    reduced.info = dict(picture.info)  # EXIF orientation, transparency, ICC
    return reduced


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
    check_longer_side(picture)
    check_aspect_ratio(picture)
    check_metadata(picture)
    declared_size = picture.size
    plan_decode(picture)
    check_decoded_bytes(picture, declared_size)
    image_format = picture.format
    picture = decode(picture)
    # Named as uploaded: Image.file stores it under `stored_name` of this
    # and keeps this as a label.
    return ContentFile(encode(picture, image_format), name=upload.name)


def fallback_format(picture):
    """JPEG, unless the picture has transparency to keep."""
    has_alpha = picture.mode in ("RGBA", "LA") or "transparency" in picture.info
    return ("PNG", ".png") if has_alpha else ("JPEG", ".jpg")


def open_original(image):
    """Open the stored original, in a mode every encoder accepts.

    The original was kept within KEPT_MAX_SIDE by `clean_upload`.
    """
    bound_metadata()
    with image.file.open("rb"):
        original = PILImage.open(image.file)
        original.load()
    fmt, extension = fallback_format(original)
    if original.mode not in ("RGB", "RGBA", "L", "LA"):
        original = original.convert("RGBA" if fmt == "PNG" else "RGB")
    return original, fmt, extension


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
    stem, renditions = rendition_stem(), []
    for width in sorted(set(widths)):
        # A line too thin to show at this width is still one pixel high.
        height = max(1, round(original.height * width / original.width))
        resized = original.resize(
            (width, height), PILImage.Resampling.LANCZOS, reducing_gap=REDUCING_GAP
        )
        name = f"{stem}-{width}"
        renditions.append(write_rendition(resized, name, fallback, storage, written))
    return renditions


def make_square_renditions(image, storage, written):
    """Write centre-cropped square renditions of `image` (for portraits)."""
    original, *fallback = open_original(image)
    side = min(original.size)
    sizes = sorted({min(width, side) for width in SQUARE_WIDTHS})
    stem, renditions = rendition_stem(), []
    for size in sizes:
        square = ImageOps.fit(original, (size, size), PILImage.Resampling.LANCZOS)
        name = f"{stem}-square-{size}"
        renditions.append(write_rendition(square, name, fallback, storage, written))
    return renditions
