"""Image uploads: the worst accepted one's peak memory and time (issue 12).

Each upload runs in a process of its own, forked from one that has set Django
up (`python bench/uploads.py`, reading a file's path a line), through what a
request does with it: `clean_upload`, then storing the original and
writing its renditions and squares to a temporary folder. Memory is the peak
RSS during that work above the RSS just before it (the kernel's high-water
mark reset first, as in export_child.py); Pillow allocates in C, so nothing
less than the process's own counters sees it. The files are generated in the
calling process, so their making leaves nothing in the measured one's heap.

The worst accepted uploads are the largest the decoded-bytes limit lets
through in each format, their sizes derived from `images.decoded_bytes`, and
the longest, thinnest PNGs the side and aspect-ratio limits let through, tall
and wide (issue 19); the anchor is an ordinary 1600 × 1200 photo.
"""

import atexit
import io
import json
import math
import os
import struct
import subprocess
import sys
import tempfile
import time
import traceback
import zlib
from pathlib import Path

MEMORY_LIMIT_MB = 250
TIME_LIMIT_S = 5
# The tallest and widest accepted, as times the anchor's memory: what the
# largest square PNG takes (README: about 170 MB), not more.
LINE_LIMIT_RATIO = 6
ANCHOR = ("photo.jpg", "JPEG", "RGB", (1600, 1200))
REFUSED = {  # issue 12's two examples: refused before anything is decoded
    "webp-16383x2400.webp": ("WEBP", "RGB", (16383, 2400)),
    "png-6300x6300-rgba.png": ("PNG", "RGBA", (6300, 6300)),
}
# Issue 19's two lines, under 40 megapixels: 78 KB that took 350 MB.
LINES = {"png-1x39999000.png": (1, 39_999_000), "png-39999000x1.png": (39_999_000, 1)}


def picture(mode, size):
    """A picture with gradients in every band, so encoders have work to do."""
    from PIL import Image

    gradient = Image.linear_gradient("L").resize(size)
    bands = [gradient, gradient.transpose(Image.Transpose.ROTATE_180)]
    bands += [gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)] * 2
    return Image.merge(mode, bands[: len(mode)])


def encoded(image_format, mode, size):
    buffer = io.BytesIO()
    picture(mode, size).save(buffer, image_format)
    return buffer.getvalue()


def largest_accepted(image_format, mode, ratio):
    """The largest size of `ratio` (width ÷ height) the limit accepts."""
    from django.conf import settings
    from PIL import Image

    from hangzhou_mice.images import decoded_bytes

    header = Image.open(io.BytesIO(encoded(image_format, mode, (1, 1))))
    pixels = settings.IMAGE_MAX_DECODED_BYTES // decoded_bytes(header)
    height = math.isqrt(pixels // ratio)
    return (height * ratio, height)


def longest_accepted(image_format, mode):
    """The longest, thinnest (long side, short side) the limits accept."""
    from django.conf import settings
    from PIL import Image

    from hangzhou_mice.images import decoded_bytes

    header = Image.open(io.BytesIO(encoded(image_format, mode, (1, 1))))
    per_pixel = decoded_bytes(header)
    ratio = settings.IMAGE_MAX_ASPECT_RATIO
    pixels = min(
        settings.IMAGE_MAX_PIXELS, settings.IMAGE_MAX_DECODED_BYTES // per_pixel
    )
    long = min(settings.IMAGE_MAX_SIDE_PIXELS, math.isqrt(pixels * ratio))
    while long * math.ceil(long / ratio) > pixels:
        long -= 1
    return long, math.ceil(long / ratio)


def worst_accepted():
    """Each format's largest accepted upload, a JPEG at the pixel limit, and
    the longest, thinnest PNG, tall and wide."""
    from django.conf import settings

    side = math.isqrt(settings.IMAGE_MAX_PIXELS)
    long, short = longest_accepted("PNG", "RGBA")
    return {
        "largest.png": ("PNG", "RGBA", largest_accepted("PNG", "RGBA", 1)),
        "largest.webp": ("WEBP", "RGBA", largest_accepted("WEBP", "RGBA", 2)),
        "largest.jpg": ("JPEG", "RGB", (side, side)),
        "tallest.png": ("PNG", "RGBA", (short, long)),
        "widest.png": ("PNG", "RGBA", (long, short)),
    }


def write(folder, name, image_format, mode, size):
    path = Path(folder) / name
    path.write_bytes(encoded(image_format, mode, size))
    return path


def png_chunk(kind, data):
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def write_line(folder, name, size):
    """A real greyscale PNG of `size`, black, made with zlib: Pillow would
    take the memory measured to make it."""
    width, height = size
    packer, row = zlib.compressobj(9), b"\0" * (width + 1)  # filter byte, pixels
    rows_at_once = max(1, 2**20 // len(row))
    pixels = [
        packer.compress(row * min(rows_at_once, height - top))
        for top in range(0, height, rows_at_once)
    ]
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path = Path(folder) / name
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", b"".join(pixels) + packer.flush())
        + png_chunk(b"IEND", b"")
    )
    return path


_forker = None


def measure(path):
    """Run one upload in a process of its own and return its figures.

    The process is forked from one that has set Django up and imported the
    pipeline (`python bench/uploads.py`, started on the first call, a path a
    line on its input): what a fresh one would be at the idle figure,
    without its two seconds of start-up."""
    global _forker  # noqa: PLW0603 (one per process, stopped at its exit)
    if _forker is None or _forker.poll() is not None:
        _forker = subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
            [sys.executable, __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        atexit.register(_forker.communicate)  # closes its input: it ends
    _forker.stdin.write(f"{path}\n")
    _forker.stdin.flush()
    figures = json.loads(_forker.stdout.readline() or '{"error": "it ended"}')
    if "error" in figures:
        raise RuntimeError(f"{path.name} failed:\n{figures['error']}")
    return figures


def above_idle_mb(figures):
    return (figures["peak_kib"] - figures["idle_kib"]) / 1024


def run(scale) -> list[dict]:
    from .common import result

    with tempfile.TemporaryDirectory() as folder:
        anchor = measure(write(folder, *ANCHOR))
        uploads = worst_accepted() | REFUSED
        figures = [measure(write(folder, n, *c)) for n, c in uploads.items()]
        figures += [measure(write_line(folder, n, s)) for n, s in LINES.items()]
    accepted = [f for f in figures if f["accepted"]]
    refused = ", ".join(f["name"] for f in figures if not f["accepted"])
    heaviest = max(accepted, key=above_idle_mb)
    slowest = max(accepted, key=lambda f: f["seconds"])
    note = (
        f"Worst: {heaviest['name']} (memory), {slowest['name']} (time), of "
        f"{', '.join(describe(f) for f in accepted)}; refused with a message: "
        f"{refused}. Anchor: a 1600 × 1200 JPEG."
    )
    return [
        result(
            "Worst accepted image upload: memory above idle",
            above_idle_mb(heaviest),
            above_idle_mb(anchor),
            f"≤ {MEMORY_LIMIT_MB} MB",
            above_idle_mb(heaviest) <= MEMORY_LIMIT_MB,
            "MB",
            note,
        ),
        result(
            "Worst accepted image upload: time",
            slowest["seconds"],
            anchor["seconds"],
            f"≤ {TIME_LIMIT_S} s",
            slowest["seconds"] <= TIME_LIMIT_S,
            "s",
            note,
        ),
        *(line_row(figures, name, anchor) for name in ("tallest.png", "widest.png")),
    ]


def line_row(figures, name, anchor):
    """The row of the longest, thinnest accepted upload `name`."""
    from .common import result

    line = next(f for f in figures if f["name"] == name)
    mb, anchor_mb = above_idle_mb(line), above_idle_mb(anchor)
    return result(
        f"{name.removesuffix('.png').capitalize()} accepted image upload: memory",
        mb,
        anchor_mb,
        f"≤ {LINE_LIMIT_RATIO}× anchor",
        line["accepted"] and mb <= LINE_LIMIT_RATIO * anchor_mb,
        "MB",
        f"{describe(line) if line['accepted'] else line['name'] + ' refused'}; "
        "RGBA PNG, longest side and aspect ratio at their limits.",
    )


def describe(figures):
    width, height = figures["size"]
    return (
        f"{figures['name']} {width} × {height} "
        f"({above_idle_mb(figures):.0f} MB, {figures['seconds']:.1f} s)"
    )


# The measured process.


def setup():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    # Loaded before the idle figure, so the measured work is the upload's own.
    import django.test  # noqa: F401

    import hangzhou_mice.images  # noqa: F401


def process(upload, folder):
    """Do with `upload` what the admin's image form and `image_save` do."""
    from django.core.exceptions import ValidationError
    from django.core.files.storage import default_storage
    from django.test import override_settings

    from hangzhou_mice.images import (
        clean_upload,
        make_renditions,
        make_square_renditions,
    )
    from hangzhou_mice.models import Image

    try:
        cleaned = clean_upload(upload)
    except ValidationError as error:
        return {"accepted": False, "message": error.messages[0]}
    with override_settings(MEDIA_ROOT=folder):
        image = Image(pk=1, title="Upload")
        image.file.save(cleaned.name, cleaned, save=False)
        make_renditions(image, default_storage, [])
        make_square_renditions(image, default_storage, [])
    return {"accepted": True, "kept": [image.width, image.height]}


def upload_measure(path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from bench.export_child import reset_peak, status_kib

    data = path.read_bytes()
    with Image.open(io.BytesIO(data)) as header:
        size = header.size
    upload = SimpleUploadedFile(path.name, data)
    with tempfile.TemporaryDirectory() as folder:
        reset_peak()
        idle = status_kib("VmRSS")
        started = time.perf_counter()
        outcome = process(upload, folder)
        seconds = time.perf_counter() - started
        peak = status_kib("VmHWM")
    figures = {"name": path.name, "size": size, "bytes": len(data), **outcome}
    figures |= {"seconds": seconds, "idle_kib": idle, "peak_kib": peak}
    return figures


def forked(path):
    """`upload_measure(path)` in a child of this process, as JSON."""
    read, write = os.pipe()
    if (pid := os.fork()) == 0:  # the child
        os.close(read)
        try:
            answer = json.dumps(upload_measure(path))
        except BaseException:  # noqa: BLE001 (handed to the caller)
            answer = json.dumps({"error": traceback.format_exc()})
        with os.fdopen(write, "w") as out:
            out.write(answer)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as answered:
        answer = answered.read()
    _pid, status = os.waitpid(pid, 0)
    if not answer:
        answer = json.dumps({"error": f"the child ended: status {status}"})
    return answer


def main():
    # The answers alone go to the caller: whatever else anything here or in
    # a child prints goes to the standard error.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    setup()
    for line in sys.stdin:
        answers.write(forked(Path(line.rstrip("\n"))) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
