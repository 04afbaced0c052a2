import os
import signal

import pytest
from django.core.files.storage import default_storage
from django.utils.http import http_date

from tests.factories import make_image

pytestmark = pytest.mark.django_db

WEBP = "renditions/7/480.webp"
BODY = bytes(range(256)) * 4  # 1024 bytes, each offset telling its value


@pytest.fixture
def stored(media_root):
    """A rendition-shaped file of known bytes, written an hour ago."""
    path = media_root / WEBP
    path.parent.mkdir(parents=True)
    path.write_bytes(BODY)
    past = path.stat().st_mtime - 3600
    os.utime(path, (past, past))
    return path


def url(name):
    return f"/media/{name}"


def body(response):
    return b"".join(response.streaming_content)


def test_every_file_the_image_pipeline_writes_is_served_with_its_type(client):
    image = make_image(width=1000, height=600)
    renditions = image.renditions + image.square_renditions
    names = [image.file.name]
    names += [r[key] for r in renditions for key in ("webp", "fallback")]

    for name in names:
        response = client.get(url(name))
        assert response.status_code == 200, name
        assert body(response) == default_storage.open(name).read()
        expected = "image/webp" if name.endswith(".webp") else "image/jpeg"
        assert response["Content-Type"] == expected


def test_file_has_validators_cache_and_nosniff_headers(client, stored):
    response = client.get(url(WEBP))

    assert response.status_code == 200
    assert body(response) == BODY
    assert response["Content-Length"] == "1024"
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["Last-Modified"] == http_date(stored.stat().st_mtime)
    assert response["ETag"].startswith('"400-')
    assert response["Accept-Ranges"] == "bytes"


def test_png_is_served_as_png(client, media_root):
    path = media_root / "images/2025/05/lake.png"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x89PNG")

    assert client.get(url("images/2025/05/lake.png"))["Content-Type"] == "image/png"


def test_matching_etag_answers_304(client, stored):
    etag = client.get(url(WEBP))["ETag"]

    response = client.get(url(WEBP), headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=86400"


def test_other_etag_answers_the_file(client, stored):
    response = client.get(url(WEBP), headers={"If-None-Match": '"other"'})

    assert response.status_code == 200
    assert body(response) == BODY


def test_unchanged_since_answers_304(client, stored):
    since = http_date(stored.stat().st_mtime)

    response = client.get(url(WEBP), headers={"If-Modified-Since": since})

    assert response.status_code == 304


def test_changed_since_answers_the_file(client, stored):
    since = http_date(stored.stat().st_mtime - 60)

    response = client.get(url(WEBP), headers={"If-Modified-Since": since})

    assert response.status_code == 200


def test_rewritten_file_gets_a_new_etag(client, stored):
    etag = client.get(url(WEBP))["ETag"]
    stored.write_bytes(BODY[:-1])

    response = client.get(url(WEBP), headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.parametrize(
    ("header", "start", "stop"),
    [
        ("bytes=0-99", 0, 100),
        ("bytes=1000-", 1000, 1024),
        ("bytes=-24", 1000, 1024),
        ("bytes=1000-5000", 1000, 1024),
        ("bytes=-5000", 0, 1024),
    ],
)
def test_byte_range_answers_206_with_those_bytes(client, stored, header, start, stop):
    response = client.get(url(WEBP), headers={"Range": header})

    assert response.status_code == 206
    assert body(response) == BODY[start:stop]
    assert response["Content-Range"] == f"bytes {start}-{stop - 1}/1024"
    assert response["Content-Length"] == str(stop - start)
    assert response["Content-Type"] == "image/webp"


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0"])
def test_range_past_the_end_answers_416(client, stored, header):
    response = client.get(url(WEBP), headers={"Range": header})

    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"


@pytest.mark.parametrize(
    "header", ["bytes=0-1,5-6", "bytes=9-3", "bytes=-", "lines=1-2", "bytes=x-1"]
)
def test_range_it_cannot_honour_answers_the_whole_file(client, stored, header):
    response = client.get(url(WEBP), headers={"Range": header})

    assert response.status_code == 200
    assert body(response) == BODY


def test_if_range_for_another_version_answers_the_whole_file(client, stored):
    etag = client.get(url(WEBP))["ETag"]
    headers = {"Range": "bytes=0-9"}

    current = client.get(url(WEBP), headers=headers | {"If-Range": etag})
    outdated = client.get(url(WEBP), headers=headers | {"If-Range": '"old"'})

    assert current.status_code == 206
    assert outdated.status_code == 200


def test_head_answers_the_headers_without_the_body(client, stored):
    response = client.head(url(WEBP))

    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Length"] == "1024"
    assert response["Content-Type"] == "image/webp"
    assert "ETag" in response


def test_only_get_and_head_are_allowed(client, stored):
    assert client.post(url(WEBP)).status_code == 405
    assert client.delete(url(WEBP)).status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/media/renditions/../../../etc/passwd",
        "/media/renditions/%2e%2e/%2e%2e/%2e%2e/etc/hosts",
        "/media/renditions/..%2f..%2f..%2fetc%2fhosts",
        "/media//etc/hosts",
        "/media/%2Fetc%2Fhosts",
        "/media/renditions/7/480.webp%00.txt",
        "/media/renditions/7/%00",
        "/media/renditions/7/" + "a" * 5000 + ".webp",
    ],
)
def test_paths_leading_out_or_unreadable_are_404(client, stored, path):
    response = client.get(path)

    assert response.status_code == 404


def test_symlink_out_of_media_root_is_404(client, media_root, tmp_path):
    secret = tmp_path / "secret.webp"
    secret.write_bytes(b"not public")
    link = media_root / "renditions/9/480.webp"
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)

    assert client.get(url("renditions/9/480.webp")).status_code == 404


STRAYS = [
    "exports/roster.csv",
    "roster.webp",  # not in a folder the pipeline writes
    "tmp/upload.jpg",
    "images/2025/05/page.html",
    "images/2025/05/drawing.svg",
    "renditions/7/.480.webp",
]


@pytest.mark.parametrize("name", [*STRAYS, "renditions/7"])
def test_files_the_pipeline_does_not_publish_are_404(client, media_root, name):
    for stray in STRAYS:
        (media_root / stray).parent.mkdir(parents=True, exist_ok=True)
        (media_root / stray).write_text("<script>alert(1)</script>")

    assert client.get(url(name)).status_code == 404


def test_images_and_their_ranges_go_out_as_stored_when_gzip_is_accepted(client, stored):
    whole = client.get(url(WEBP), HTTP_ACCEPT_ENCODING="gzip, br")
    part = client.get(url(WEBP), HTTP_ACCEPT_ENCODING="gzip", HTTP_RANGE="bytes=0-99")

    assert "Content-Encoding" not in whole and body(whole) == BODY
    assert whole["Content-Length"] == str(len(BODY))
    assert part.status_code == 206 and "Content-Encoding" not in part
    assert (part["Content-Range"], body(part)) == ("bytes 0-99/1024", BODY[:100])


HUGE = "9" * 4301  # past int()'s 4,300 digits
PAST_ANY_FILE = ["9" * 20, str(2**63), str(2**64), HUGE]


def hostile_ranges(etag, modified):
    """Range headers (and their If-Range) an attacker may send, by the answer
    each must get: the one range asked for, 416 for a range starting past the
    end, the whole file for what is not one plain byte range or no longer
    matches, 304 when the client's copy is current, whatever the range."""
    many = ",".join(f"{n}-{n}" for n in range(2000))
    ignored = [
        *(f"bytes={number}-1" for number in PAST_ANY_FILE),  # last before first
        *("bytes=0-1,5-6", "bytes=" + many, "bytes=0-1,bytes=2-3", "bytes=9-3"),
        *("lines=0-9", "bytes 0-9", "bytes:0-9", "=0-9", "", "bytes=", "bytes=-"),
        *("bytes= 0-9", "bytes=0 -9", "bytes=0-\t9", "bytes=0-9\x00", "bytes=0x1-"),
        *("bytes=-5-9", "bytes=--5", "bytes=0--9", "bytes=+5-", "bytes=1e3-"),
        *("bytes=０-９", "bytes=¹-²", "bytes=٣-٩"),
    ]
    odd_if_range = ['W/"x"', '"other"', "", "*", HUGE, "\x00", "W/" + etag]
    odd_if_range += [modified.replace("GMT", "UTC"), etag[1:-1], etag + ", " + etag]
    return {
        206: [
            *({"Range": f"bytes=0-{number}"} for number in PAST_ANY_FILE),
            *({"Range": f"bytes=-{number}"} for number in PAST_ANY_FILE),
            {"Range": "bytes=" + "0" * 4300 + "1-" + "0" * 4300 + "9"},
            {"Range": " bytes=0-9 ", "If-Range": etag},
            {"Range": "bytes=0-9", "If-Range": modified},
        ],
        416: [
            *({"Range": f"bytes={number}-"} for number in PAST_ANY_FILE),
            *({"Range": f"bytes=1024-{number}"} for number in PAST_ANY_FILE),
            {"Range": "bytes=-0"},
            {"Range": "bytes=-" + "0" * 4301},
        ],
        200: [
            *({"Range": header} for header in ignored),
            *({"Range": "bytes=0-9", "If-Range": value} for value in odd_if_range),
            {"If-Range": etag},
        ],
        304: [
            {"If-None-Match": etag, "Range": header}
            for header in ("bytes=0-9", f"bytes={HUGE}-", "bytes=" + many)
        ],
    }


def range_problems(response, method):
    """Whether a 206 or 416 contradicts itself (Content-Range, length, body)."""
    if response.status_code == 416:
        return response["Content-Range"] != "bytes */1024"
    if response.status_code != 206:
        return False
    first, last = map(int, response["Content-Range"][6:-5].split("-"))
    if response["Content-Length"] != str(last - first + 1):
        return True
    return method == "get" and body(response) != BODY[first : last + 1]


@pytest.mark.parametrize("method", ["get", "head"])
@pytest.mark.parametrize("status", [206, 416, 200, 304])
def test_hostile_ranges_get_their_answer_and_never_an_error(
    client, stored, method, status
):
    client.raise_request_exception = False  # a 500 is an answer to report
    current = client.head(url(WEBP))
    cases = hostile_ranges(current["ETag"], current["Last-Modified"])[status]
    answers, problems = {}, []
    for number, headers in enumerate(cases):
        response = getattr(client, method)(url(WEBP), headers=headers)
        answers[f"{number}: {str(headers)[:60]}"] = response.status_code
        if range_problems(response, method):
            problems.append(headers)

    assert answers == dict.fromkeys(answers, status)
    assert problems == []


@pytest.fixture
def lake(media_root):
    """A public original, and a file elsewhere under MEDIA_ROOT."""
    public = media_root / "images/2025/05/lake.jpg"
    public.parent.mkdir(parents=True)
    public.write_bytes(b"\xff\xd8lake")
    private = media_root / "private/roster.jpg"
    private.parent.mkdir()
    private.write_bytes(b"\xff\xd8roster")
    return public


SYMLINKS = {
    "file to a private file": ("images/2025/05/r.jpg", "private/roster.jpg", ""),
    "file to a public file": ("images/2025/05/copy.jpg", "images/2025/05/lake.jpg", ""),
    "folder to a private one": ("images/2025/06", "private", "roster.jpg"),
    "folder to a public one": ("images/2025/07", "images/2025/05", "lake.jpg"),
    "public folder itself": ("renditions", "images/2025/05", "lake.jpg"),
}


@pytest.mark.parametrize(("link", "target", "inside"), SYMLINKS.values(), ids=SYMLINKS)
def test_symlinks_inside_media_root_are_404(
    client, media_root, lake, link, target, inside
):
    (media_root / link).symlink_to(media_root / target)
    name = f"{link}/{inside}" if inside else link

    assert client.get(url(name)).status_code == 404
    assert client.get(url("images/2025/05/lake.jpg")).status_code == 200


def test_media_root_may_itself_be_a_symlink(client, settings, media_root, lake):
    settings.MEDIA_ROOT = media_root.parent / "media-link"
    settings.MEDIA_ROOT.symlink_to(media_root)

    response = client.get(url("images/2025/05/lake.jpg"))

    assert response.status_code == 200
    assert body(response) == b"\xff\xd8lake"


class Waited(Exception):
    """Not an OSError, so the view cannot take it for a missing file."""


@pytest.fixture
def no_waiting():
    """Fail, rather than hang, a request that blocks for seconds."""

    def interrupt(signum, frame):
        raise Waited

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("make", [os.mkdir, os.mkfifo], ids=["folder", "fifo"])
def test_what_is_not_a_plain_file_is_404_at_once(client, media_root, no_waiting, make):
    """A FIFO is not even waited on: opening it for reading would block."""
    (media_root / "images").mkdir(parents=True)
    make(media_root / "images/odd.jpg")

    assert client.get(url("images/odd.jpg")).status_code == 404
