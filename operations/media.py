"""Serve the uploaded images and downloads under MEDIA_ROOT: the site needs no
web server in front of it to publish them.

Only what the image pipeline and the downloads write is published, each in
its folder with its own extensions: images in `images/` (the cleaned
originals, `Image.file`) and `renditions/` (hangzhou_mice/images.py), and
PDF, XLSX and ZIP files in `downloads/` (hangzhou_mice/downloads.py).
Anything else that may land under MEDIA_ROOT, a hidden file, a name leading
out of it or a path through a symlink is a 404.

A download goes out as an attachment under its own name, with a policy that
lets it run nothing and load nothing should a browser show it anyway.
"""

import mimetypes
import os
import re
import stat
import unicodedata
from pathlib import PurePosixPath

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe

from hangzhou_mice.downloads import MEDIA_TYPES
from hangzhou_mice.images import EXTENSIONS

IMAGE_SUFFIXES = set().union(*EXTENSIONS.values())
DOWNLOADS = "downloads"
# The extensions each public folder may serve.
PUBLIC_SUFFIXES = {
    "images": IMAGE_SUFFIXES,
    "renditions": IMAGE_SUFFIXES,
    DOWNLOADS: set(MEDIA_TYPES),
}
# Replaces the site's policy (the CSP middleware leaves a policy a view set):
# a download opened in a tab runs no script and loads nothing.
DOWNLOAD_CSP = "sandbox; default-src 'none'"
RANGE = re.compile(r"bytes=([0-9]*)-([0-9]*)")
# Past the end of any file, and above every number of 19 digits: a longer
# number is not read (int() refuses 4,301 digits, which made a 500).
PAST_ANY_FILE = 10**19
# One step down from MEDIA_ROOT: never through a symlink (ELOOP), never
# waiting on a FIFO left there.
STEP = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def is_public_name(name, parts):
    return not (
        "\x00" in name
        or len(parts) < 2
        or any(part.startswith(".") for part in parts)
        or PurePosixPath(name).suffix.lower() not in PUBLIC_SUFFIXES.get(parts[0], ())
    )


def open_below(root, parts):
    """Open root/parts[0]/…/parts[-1] one folder at a time (OSError at a symlink).

    The kernel refuses each symlink as it opens, so what is served is what
    was checked, even if the tree changes meanwhile.
    """
    folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in parts[:-1]:
            inner = os.open(part, STEP | os.O_DIRECTORY, dir_fd=folder)
            os.close(folder)
            folder = inner
        return os.open(parts[-1], STEP, dir_fd=folder)
    finally:
        os.close(folder)


def open_public(name):
    """Return the public file `name`, open, and its stat; or raise Http404."""
    parts = PurePosixPath(name).parts
    if not is_public_name(name, parts):
        raise Http404
    try:
        file = os.fdopen(open_below(settings.MEDIA_ROOT, parts), "rb")
    except (OSError, ValueError) as error:
        raise Http404 from error
    status = os.fstat(file.fileno())
    if not stat.S_ISREG(status.st_mode):
        file.close()
        raise Http404
    return file, status


def number(digits):
    """The value of `digits`; PAST_ANY_FILE for one of more than 19 digits."""
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) < 20 else PAST_ANY_FILE


def requested_range(request, size, validators):
    """Return (start, stop) of the one byte range asked for; None for all.

    Several ranges, a malformed header or an If-Range that names no current
    validator get the whole file, as RFC 9110 allows. A range past the end
    comes back empty.
    """
    match = RANGE.fullmatch(request.headers.get("Range", "").strip())
    if_range = request.headers.get("If-Range")
    if not match or (if_range is not None and if_range not in validators):
        return None
    first, last = match.groups()
    if not first:
        return (max(size - number(last), 0), size) if last else None
    start = number(first)
    if not last:
        return start, size
    end = number(last)
    return (start, min(end + 1, size)) if end >= start else None


class FileSlice:
    """The bytes [start, stop) of a file, read like a file."""

    def __init__(self, file, start, stop):
        self.file = file
        self.file.seek(start)
        self.left = stop - start

    def read(self, size=-1):
        size = self.left if size < 0 else min(size, self.left)
        data = self.file.read(size)
        self.left -= len(data)
        return data

    def close(self):
        self.file.close()


@require_safe
def serve(request, name):
    """Answer GET and HEAD for a public media file, with ranges and revalidation."""
    file, status = open_public(name)
    response = answer(request, file, status, PurePosixPath(name))
    if not response.streaming:  # a 304, 412, 416 or HEAD: the file is no body
        file.close()
    return response


def cache_headers(status):
    return {
        "ETag": f'"{status.st_size:x}-{status.st_mtime_ns:x}"',
        "Last-Modified": http_date(status.st_mtime),
        "Cache-Control": settings.MEDIA_CACHE_CONTROL,
        "X-Content-Type-Options": "nosniff",
    }


def policy_headers(path):
    """A download's sandbox, on every answer: a browser updates the headers
    it kept with a 304's, and a 304 without it gets the site's policy."""
    if path.parts[0] == DOWNLOADS:
        return {"Content-Security-Policy": DOWNLOAD_CSP}
    return {}


def content_type(path):
    if path.parts[0] == DOWNLOADS:
        return MEDIA_TYPES[path.suffix.lower()]
    return mimetypes.guess_type(path.name)[0]


def disposition(path):
    """Images show in the browser; downloads are saved under their name."""
    if path.parts[0] != DOWNLOADS:
        return content_disposition_header(False, path.name)
    fallback = ascii_name(path.name)
    header = content_disposition_header(True, fallback)
    if fallback != path.name:  # filename*=utf-8''…, for browsers that read it
        header += "; " + content_disposition_header(True, path.name).partition("; ")[2]
    return header


def ascii_name(name):
    """`name` in printable ASCII, for browsers that ignore filename*:
    accents dropped ("İ" is "I"), other scripts left out."""
    stem, dot, suffix = name.rpartition(".")
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    plain = " ".join(re.sub(r"[^\x20-\x7e]", "", plain).split()).strip(" .-")
    return f"{plain or 'download'}{dot}{suffix}"


def answer(request, file, status, path):
    headers = cache_headers(status) | policy_headers(path)
    modified = int(status.st_mtime)
    conditional = get_conditional_response(request, headers["ETag"], modified)
    if conditional is not None:  # a 304 or a 412
        for header, value in headers.items():
            conditional[header] = value
        return conditional
    size = status.st_size
    headers["Accept-Ranges"] = "bytes"
    span = requested_range(request, size, (headers["ETag"], headers["Last-Modified"]))
    if span is None:
        code, (start, stop) = 200, (0, size)
    elif span[0] < span[1]:
        code, (start, stop) = 206, span
        headers["Content-Range"] = f"bytes {start}-{stop - 1}/{size}"
    else:
        headers["Content-Range"] = f"bytes */{size}"
        return HttpResponse(status=416, headers=headers)
    headers["Content-Length"] = str(stop - start)
    headers["Content-Disposition"] = disposition(path)
    kind = content_type(path)
    if request.method == "HEAD":
        return HttpResponse(status=code, headers=headers, content_type=kind)
    # The whole file as a real one, so gunicorn can hand it to sendfile().
    body = FileSlice(file, start, stop) if span else file
    return FileResponse(body, status=code, headers=headers, content_type=kind)
