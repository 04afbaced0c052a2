"""Uploads bounded by their shape and by what their metadata unpacks to (issue 19)."""

import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from bench import uploads
from hangzhou_mice import images
from hangzhou_mice.images import clean_upload
from hangzhou_mice.models import RenditionStatus
from tests.hangzhou_mice.test_images import (
    assert_refused,
    encoded,
    png,
    png_claiming,
    post_upload,
    save_image,
)

pytestmark = pytest.mark.django_db

MIB = 1024**2
# keyword, NUL, compressed, zlib, no language, NUL, no translated keyword, NUL
XMP_HEADER = b"XML:com.adobe.xmp\x00\x01\x00\x00\x00"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def chunk(kind, data):
    crc = struct.pack(">I", zlib.crc32(kind + data))
    return struct.pack(">I", len(data)) + kind + data + crc


def png_with(kind, data, *, after_pixels=False):
    """A real 64 × 64 PNG with one more chunk, before or after its pixel data."""
    image = png(size=(64, 64))
    at = image.index(b"IEND" if after_pixels else b"IDAT") - 4
    return image[:at] + chunk(kind, data) + image[at:]


def unpacking_to(size):
    return zlib.compress(bytes(size), 9)


# Shape


@pytest.mark.parametrize(
    ("size", "code"),
    [
        # issue 19's two lines: under 40 megapixels, far too long
        ((1, 39_999_000), "too_long_side"),
        ((39_999_000, 1), "too_long_side"),
        ((20_001, 1_700), "too_long_side"),
        ((12_001, 1_000), "too_elongated"),
        ((1_000, 12_001), "too_elongated"),
    ],
)
def test_long_or_elongated_png_is_refused_before_decoding(
    admin_client, media_root, size, code
):
    data = png_claiming(*size, mode="L")
    assert len(data) < 100

    response = post_upload(admin_client, "line.png", data)

    message = assert_refused(response, code, media_root)
    assert f"{size[0]} × {size[1]} pixels" in message
    assert ("20000 pixels" if code == "too_long_side" else "12 times") in message


@pytest.mark.parametrize("name", sorted(uploads.LINES))
def test_issue_19_lines_are_refused_without_decoding(name, tmp_path):
    path = uploads.write_line(tmp_path, name, uploads.LINES[name])
    assert path.stat().st_size < 100_000

    figures = uploads.measure(path)

    assert not figures["accepted"]
    assert "longer side may be at most 20000 pixels" in figures["message"]
    # Refused before decoding: the process barely grows (time: make bench).
    assert uploads.above_idle_mb(figures) < 20


def test_longest_accepted_uploads_take_what_make_bench_allows(tmp_path):
    worst = uploads.worst_accepted()

    anchor = uploads.measure(uploads.write(tmp_path, *uploads.ANCHOR))
    tall, wide = (
        uploads.measure(uploads.write(tmp_path, name, *worst[name]))
        for name in ("tallest.png", "widest.png")
    )

    limit = min(
        uploads.LINE_LIMIT_RATIO * uploads.above_idle_mb(anchor),
        uploads.MEMORY_LIMIT_MB,
    )
    for figures in (tall, wide):
        assert figures["accepted"], figures.get("message")
        assert max(figures["kept"]) <= images.KEPT_MAX_SIDE
        assert uploads.above_idle_mb(figures) <= limit, figures["name"]


@pytest.mark.parametrize("size", [(20_000, 1_667), (1_667, 20_000), (12_000, 1_000)])
def test_shape_at_the_limits_gets_as_far_as_decoding(size):
    upload = SimpleUploadedFile("line.png", png_claiming(*size, mode="L"))

    with pytest.raises(ValidationError) as passed_the_limits:
        clean_upload(upload)

    # Its pixel data is one pixel: it fails only once it is decoded.
    assert passed_the_limits.value.code == "broken_image"


def test_shape_limits_follow_the_settings(settings):
    settings.IMAGE_MAX_SIDE_PIXELS = 1000
    settings.IMAGE_MAX_ASPECT_RATIO = 2
    cases = {(1001, 600): "too_long_side", (601, 300): "too_elongated"}

    codes = {}
    for size in cases:
        with pytest.raises(ValidationError) as refused:
            clean_upload(SimpleUploadedFile("x.png", png_claiming(*size, mode="L")))
        codes[size] = refused.value.code

    assert codes == cases


def test_a_rendition_height_that_rounds_to_nothing_is_one_pixel(settings, media_root):
    settings.IMAGE_MAX_ASPECT_RATIO = 10_000
    data = encoded(PILImage.new("L", (4000, 1), 128), "PNG")

    image = save_image(data, name="line.png")

    assert image.renditions_status == RenditionStatus.READY, image.renditions_error
    assert (image.width, image.height) == (2000, 1)
    sizes = [(r["width"], r["height"]) for r in image.renditions]
    assert sizes == [(480, 1), (960, 1), (1600, 1)]
    assert [r["width"] for r in image.square_renditions] == [1]


# Metadata that unpacks


@pytest.mark.parametrize(
    ("kind", "data", "after_pixels"),
    [
        (b"iCCP", b"icc\x00\x00" + unpacking_to(2 * MIB), False),
        (b"zTXt", b"Comment\x00\x00" + unpacking_to(2 * MIB), False),
        (b"zTXt", b"Comment\x00\x00" + unpacking_to(2 * MIB), True),
        (
            b"iTXt",
            b"XML:com.adobe.xmp\x00\x01\x00\x00\x00" + unpacking_to(2 * MIB),
            False,
        ),
    ],
    ids=["iCCP", "zTXt", "zTXt-after-pixels", "iTXt"],
)
def test_png_chunk_unpacking_past_the_limit_is_refused(
    admin_client, media_root, kind, data, after_pixels
):
    upload = png_with(kind, data, after_pixels=after_pixels)
    assert len(upload) < 4000

    response = post_upload(admin_client, "bomb.png", upload)

    message = assert_refused(response, "metadata_too_large", media_root)
    assert "more than 1\xa0MB" in message


def test_png_text_chunks_past_the_limit_together_are_refused(admin_client, media_root):
    image = png(size=(64, 64))
    at = image.index(b"IDAT") - 4
    texts = [chunk(b"tEXt", b"Note%d\x00" % i + b"x" * 400_000) for i in range(3)]

    response = post_upload(
        admin_client, "notes.png", image[:at] + b"".join(texts) + image[at:]
    )

    assert_refused(response, "metadata_too_large", media_root)


def test_jpeg_colour_profile_past_the_limit_is_refused(admin_client, media_root):
    data = encoded(PILImage.new("RGB", (64, 64)), "JPEG", icc_profile=bytes(2 * MIB))

    response = post_upload(admin_client, "profile.jpg", data)

    assert_refused(response, "metadata_too_large", media_root)


def test_metadata_limit_follows_the_setting(settings):
    settings.IMAGE_MAX_METADATA_BYTES = 100_000
    under = png_with(b"zTXt", b"Comment\x00\x00" + unpacking_to(99_000))
    over = png_with(b"zTXt", b"Comment\x00\x00" + unpacking_to(101_000))

    cleaned = clean_upload(SimpleUploadedFile("under.png", under))
    with pytest.raises(ValidationError) as refused:
        clean_upload(SimpleUploadedFile("over.png", over))

    assert cleaned.size > 0
    assert refused.value.code == "metadata_too_large"
