"""Downloads are served as attachments under their own names, sandboxed, in
their folder only, with ranges and revalidation like images."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.utils.csp import build_policy

from tests.factories import DownloadFactory, pdf_bytes

pytestmark = pytest.mark.django_db

SANDBOX = "sandbox; default-src 'none'"


def url(name):
    return f"/media/{name}"


def body(response):
    return b"".join(response.streaming_content)


def xlsx_bytes():
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def images_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Lake.pdf", pdf_bytes())
    return buffer.getvalue()


def stored(name, data):
    return DownloadFactory(file=ContentFile(data, name=name))


@pytest.fixture
def bid_book():
    return stored("Bid book.pdf", pdf_bytes())


# {name: (content, type)}
KINDS = {
    "Bid book.pdf": (pdf_bytes(), "application/pdf"),
    "Capacity chart.xlsx": (
        xlsx_bytes(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "Image bank.zip": (images_zip(), "application/zip"),
}


def served(client, name, data):
    """How a download stored as `name` holding `data` is served: status,
    whether the body is `data`, and the headers that say what it is."""
    response = client.get(stored(name, data).get_absolute_url())
    headers = ("Content-Type", "Content-Disposition", "X-Content-Type-Options")
    return (
        response.status_code,
        body(response) == data,
        *(response.headers.get(header) for header in headers),
    )


def test_each_kind_is_served_as_an_attachment_of_its_type(client):
    answers = {name: served(client, name, data) for name, (data, _) in KINDS.items()}

    assert answers == {
        name: (200, True, kind, f'attachment; filename="{name}"', "nosniff")
        for name, (_, kind) in KINDS.items()
    }


def test_unicode_name_goes_out_in_utf8_with_an_ascii_fallback(client):
    download = stored("İzmir 杭州会议指南 Bid Book.pdf", pdf_bytes())

    response = client.get(download.get_absolute_url())

    assert response["Content-Disposition"] == (
        'attachment; filename="Izmir Bid Book.pdf"; '
        "filename*=utf-8''%C4%B0zmir%20%E6%9D%AD%E5%B7%9E%E4%BC%9A%E8%AE%AE"
        "%E6%8C%87%E5%8D%97%20Bid%20Book.pdf"
    )


def test_name_without_latin_letters_falls_back_to_download(client):
    download = stored("杭州会议指南.pdf", pdf_bytes())

    response = client.get(download.get_absolute_url())

    assert response["Content-Disposition"] == (
        'attachment; filename="download.pdf"; '
        "filename*=utf-8''%E6%9D%AD%E5%B7%9E%E4%BC%9A%E8%AE%AE%E6%8C%87%E5%8D%97.pdf"
    )


# {answer: (method, headers, status)}; {etag} is the file's current ETag.
ANSWERS = {
    "whole file": ("get", {}, 200),
    "range": ("get", {"Range": "bytes=0-99"}, 206),
    "range past the end": ("get", {"Range": "bytes=999999-"}, 416),
    "head": ("head", {}, 200),
    "not modified": ("get", {"If-None-Match": "{etag}"}, 304),
}


def test_every_answer_reaches_the_client_with_the_sandbox_policy_alone(
    client, bid_book
):
    etag = client.get(bid_book.get_absolute_url())["ETag"]
    policies = {}
    for row, (method, headers, _) in ANSWERS.items():
        headers = {name: value.format(etag=etag) for name, value in headers.items()}
        # Through every middleware, the site's CSP middleware included.
        response = getattr(client, method)(bid_book.get_absolute_url(), headers=headers)
        policies[row] = (
            response.status_code,
            response.headers.get("Content-Security-Policy"),
            response.headers.get("Content-Security-Policy-Report-Only"),
        )

    assert policies == {
        row: (status, SANDBOX, None) for row, (*_, status) in ANSWERS.items()
    }


def test_images_keep_the_site_policy(client, settings, media_root):
    (media_root / "images/2026/12").mkdir(parents=True)
    (media_root / "images/2026/12/lake.png").write_bytes(b"\x89PNG")

    response = client.get(url("images/2026/12/lake.png"))

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == build_policy(settings.SECURE_CSP)
    assert response["Content-Disposition"] == 'inline; filename="lake.png"'


def test_ranges_and_revalidation_work_for_downloads(client, bid_book):
    whole = client.get(bid_book.get_absolute_url())
    part = client.get(bid_book.get_absolute_url(), headers={"Range": "bytes=0-7"})
    again = client.get(
        bid_book.get_absolute_url(), headers={"If-None-Match": whole["ETag"]}
    )

    assert (part.status_code, body(part)) == (206, b"%PDF-1.4")
    assert part["Content-Range"] == f"bytes 0-7/{len(pdf_bytes())}"
    assert part["Content-Disposition"] == 'attachment; filename="Bid book.pdf"'
    assert (again.status_code, again.content) == (304, b"")


STRAYS = (
    "notes.txt",
    "page.html",
    "drawing.svg",
    "West Lake.jpg",  # an image belongs in images/
    "setup.exe",
    "Bid book.pdf.html",
)


def test_only_pdf_xlsx_and_zip_are_served_from_downloads(client, media_root, bid_book):
    client.raise_request_exception = False  # a crash shows as its row's 500
    folder, name = bid_book.file.name.rsplit("/", 1)
    for stray in STRAYS:
        (media_root / folder / stray).write_bytes(b"<script>alert(1)</script>")

    statuses = {
        file: client.get(url(f"{folder}/{file}")).status_code
        for file in (*STRAYS, name)
    }

    assert statuses == dict.fromkeys(STRAYS, 404) | {"Bid book.pdf": 200}


IMAGE_FOLDERS = ("images/2026/12", "renditions/2026/12")


def test_document_in_an_image_folder_is_404(client, media_root):
    for folder in IMAGE_FOLDERS:
        (media_root / folder).mkdir(parents=True)
        (media_root / folder / "Bid book.pdf").write_bytes(pdf_bytes())

    statuses = {
        folder: client.get(url(f"{folder}/Bid book.pdf")).status_code
        for folder in IMAGE_FOLDERS
    }

    assert statuses == dict.fromkeys(IMAGE_FOLDERS, 404)


def test_guessed_folder_is_404(client, bid_book):
    year, month, token, name = bid_book.file.name.split("/")[1:]
    guess = f"downloads/{year}/{month}/{'0' * 32}/{name}"

    assert client.get(url(guess)).status_code == 404
    assert client.get(bid_book.get_absolute_url()).status_code == 200
