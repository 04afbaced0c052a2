"""Serve the uploaded images under MEDIA_ROOT: the site needs no web server
in front of it to publish them.

Only what the image pipeline writes is published: files with an image
extension in its folders, `images/` (the cleaned originals, `Image.file`)
and `renditions/` (hangzhou_mice/images.py). Anything else that may land
under MEDIA_ROOT, a hidden file, or a name leading out of it is a 404.
"""

import mimetypes
import re
import stat
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from .images import EXTENSIONS

PUBLIC_FOLDERS = {"images", "renditions"}
PUBLIC_SUFFIXES = set().union(*EXTENSIONS.values())
# Not `immutable`: an original's name (images/%Y/%m/<upload>) is free again
# once its image is deleted, so a later upload may reuse it.
CACHE_CONTROL = "public, max-age=86400"
RANGE = re.compile(r"bytes=([0-9]*)-([0-9]*)")


def public_file(name):
    """Return the path and stat of the public file `name`, or raise Http404."""
    parts = PurePosixPath(name).parts
    if (
        "\x00" in name
        or len(parts) < 2
        or parts[0] not in PUBLIC_FOLDERS
        or any(part.startswith(".") for part in parts)
        or PurePosixPath(name).suffix.lower() not in PUBLIC_SUFFIXES
    ):
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / name).resolve()
    try:
        status = path.stat()
    except (OSError, ValueError) as error:
        raise Http404 from error
    # Containment after resolving, so a symlink cannot lead out either.
    if not path.is_relative_to(root) or not stat.S_ISREG(status.st_mode):
        raise Http404
    return path, status


def requested_range(request, size, validators):
    """Return (start, stop) of the one byte range asked for; None for all.

    Several ranges, a malformed header or an If-Range for another version get
    the whole file, as RFC 9110 allows. A range past the end comes back empty.
    """
    match = RANGE.fullmatch(request.headers.get("Range", "").strip())
    if_range = request.headers.get("If-Range")
    if not match or (if_range and if_range not in validators):
        return None
    first, last = match.groups()
    if not first:
        return (max(size - int(last), 0), size) if last else None
    if last and int(last) < int(first):
        return None
    return int(first), min(int(last) + 1, size) if last else size


class FileSlice:
    """The bytes [start, stop) of a file, read like a file."""

    def __init__(self, path, start, stop):
        self.file = path.open("rb")
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
    path, status = public_file(name)
    etag = f'"{status.st_size:x}-{status.st_mtime_ns:x}"'
    headers = {
        "ETag": etag,
        "Last-Modified": http_date(status.st_mtime),
        "Cache-Control": CACHE_CONTROL,
        "X-Content-Type-Options": "nosniff",
    }
    modified = int(status.st_mtime)
    if (answer := get_conditional_response(request, etag, modified)) is not None:
        for header, value in headers.items():  # on a 304 or a 412
            answer[header] = value
        return answer
    size = status.st_size
    headers["Accept-Ranges"] = "bytes"
    span = requested_range(request, size, (etag, headers["Last-Modified"]))
    if span is None:
        code, (start, stop) = 200, (0, size)
    elif span[0] < span[1]:
        code, (start, stop) = 206, span
        headers["Content-Range"] = f"bytes {start}-{stop - 1}/{size}"
    else:
        headers["Content-Range"] = f"bytes */{size}"
        return HttpResponse(status=416, headers=headers)
    headers["Content-Length"] = str(stop - start)
    content_type = mimetypes.guess_type(path.name)[0]
    if request.method == "HEAD":
        return HttpResponse(status=code, headers=headers, content_type=content_type)
    # The whole file as a real one, so gunicorn can hand it to sendfile().
    body = FileSlice(path, start, stop) if span else path.open("rb")
    return FileResponse(body, status=code, headers=headers, content_type=content_type)
