"""Downloads: checked by their content, stored under a random folder with a
safe human name, managed by editors in the admin."""

import io
import re
import struct
import zipfile

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image as PILImage

from hangzhou_mice.downloads import check_upload
from hangzhou_mice.models import Download
from tests.factories import DownloadFactory, pdf_bytes

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:hangzhou_mice_download_add")
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(120) + b"PE\x00\x00"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
STORED = re.compile(r"downloads/2026/12/[0-9a-f]{32}/(?P<name>.+)")


# Real files, made in memory


def image(image_format, **options):
    buffer = io.BytesIO()
    PILImage.new("RGB", (16, 12), "teal").save(buffer, image_format, **options)
    return buffer.getvalue()


def xlsx_bytes():
    book = openpyxl.Workbook()
    book.active.append(["Hall", "Theatre", "Banquet"])
    book.active.append(["Lakeside Ballroom", 1200, 800])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_bytes(members, compression=zipfile.ZIP_DEFLATED):
    """A ZIP of `members` ({name: bytes}; a name ending in / is a folder)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def rezipped(data, replace=None, add=None):
    """The ZIP `data` with parts replaced ({name: function of bytes}) or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {info.filename: source.read(info) for info in source.infolist()}
    for name, change in (replace or {}).items():
        parts[name] = change(parts[name])
    return zip_bytes(parts | (add or {}))


def images_zip():
    return zip_bytes(
        {
            "Hangzhou/": b"",
            "Hangzhou/West Lake.jpg": image("JPEG"),
            "Hangzhou/Grand Canal.PNG": image("PNG"),
            "Hangzhou/Lingyin.webp": image("WEBP"),
            "Hangzhou/logo.gif": image("GIF"),
            "Hangzhou/print/Tea fields.tif": image("TIFF"),
            "Hangzhou/Floor plan.pdf": pdf_bytes(),
        }
    )


def upload(name, data):
    return SimpleUploadedFile(name, data)


class Forbidden(Exception):
    """Raised by a stand-in for a step a check must not take."""


def forbid(step):
    def stand_in(*args, **kwargs):
        raise Forbidden(step)

    return stand_in


def checked(file):
    """What check_upload says of `file`: its kind, or its refusal's code and
    message, or the forbidden step it took; so a table shows every wrong row."""
    try:
        return check_upload(file)
    except ValidationError as error:
        return error.code, error.messages[0]
    except Forbidden as error:
        return f"took a forbidden step: {error}"


def refusal(name, data):
    return checked(upload(name, data))


# What is accepted


ACCEPTED = {
    "pdf": ("Bid book.pdf", pdf_bytes(), "pdf"),
    "pdf named in capitals": ("BID BOOK.PDF", pdf_bytes(), "pdf"),
    # Readers take a header after up to 1,024 bytes, and junk after %%EOF.
    "pdf between junk": (
        "Fact sheet.pdf",
        bytes(1000) + pdf_bytes() + bytes(1000),
        "pdf",
    ),
    "xlsx": ("Capacity chart.xlsx", xlsx_bytes(), "xlsx"),
    "zip of images": ("Image bank.zip", images_zip(), "zip"),
    "zip stored uncompressed": (
        "Image bank.zip",
        zip_bytes({"a.jpg": image("JPEG")}, zipfile.ZIP_STORED),
        "zip",
    ),
    # macOS Finder's "Compress" adds resource forks and folder settings.
    "zip made by macOS Finder": (
        "Image bank.zip",
        zip_bytes(
            {
                "Image bank/a.jpg": image("JPEG"),
                "Image bank/.DS_Store": b"\x00\x00\x00\x01Bud1",
                "__MACOSX/Image bank/._a.jpg": b"\x00\x05\x16\x07",
            }
        ),
        "zip",
    ),
}


def test_each_kind_is_accepted_by_its_content_and_the_upload_rewound():
    found = {}
    for row, (name, data, _kind) in ACCEPTED.items():
        file = upload(name, data)
        file.read(7)
        found[row] = (checked(file), file.tell())

    assert found == {row: (kind, 0) for row, (*_, kind) in ACCEPTED.items()}


# What is refused


def test_upload_larger_than_the_setting_is_refused(settings):
    settings.DOWNLOAD_MAX_UPLOAD_BYTES = 1000

    assert refusal("Bid book.pdf", b"%PDF-1.7\n" + bytes(992)) == (
        "file_too_large",
        "The file is 1001\xa0bytes; a download may be at most 1000\xa0bytes.",
    )


def test_empty_file_is_refused():
    assert refusal("Bid book.pdf", b"") == ("empty_file", "The file is empty.")


OTHER_EXTENSIONS = {
    "Floor plan.docx": "this file's name ends in “.docx”.",
    "setup.exe": "this file's name ends in “.exe”.",
    "West Lake.jpg": "this file's name ends in “.jpg”.",
    "Bid book": "this file's name has no extension.",
}


def test_other_extensions_are_refused_naming_the_allowed_ones():
    refused = {name: refusal(name, pdf_bytes()) for name in OTHER_EXTENSIONS}

    assert refused == {
        name: (
            "unsupported_type",
            "A download must be a PDF (.pdf), an Excel workbook (.xlsx) or a ZIP "
            f"of images (.zip); {ending}",
        )
        for name, ending in OTHER_EXTENSIONS.items()
    }


ZIP = "a ZIP archive or an Office document"
OFFICE = "an Excel workbook or another Office document"
OLD_OFFICE = "an old Office file (such as .xls) or a password-protected workbook"
EXPECTED = {
    ".pdf": "a PDF",
    ".xlsx": "an Excel workbook (XLSX)",
    ".zip": "a ZIP of images",
}


MISNAMED = {
    "zip of images as .pdf": ("Bid book.pdf", images_zip(), ZIP),
    "xlsx as .pdf": ("Bid book.pdf", xlsx_bytes(), ZIP),
    "program as .pdf": ("Bid book.pdf", EXE, "a Windows program"),
    "text as .pdf": ("Bid book.pdf", b"Bid book, final", None),
    "pdf as .xlsx": ("Chart.xlsx", pdf_bytes(), "a PDF"),
    "zip of images as .xlsx": ("Chart.xlsx", images_zip(), ZIP),
    "word document as .xlsx": (
        "Chart.xlsx",
        zip_bytes({"word/document.xml": b"<w:document/>"}),
        ZIP,
    ),
    "old office file as .xlsx": ("Chart.xlsx", OLE, OLD_OFFICE),
    "cut-off zip as .xlsx": ("Chart.xlsx", b"PK\x03\x04 cut off", ZIP),
    "csv as .xlsx": ("Chart.xlsx", b"Hall,Theatre\n", None),
    "xlsx as .zip": ("Images.zip", xlsx_bytes(), OFFICE),
    "program as .zip": ("Images.zip", EXE, "a Windows program"),
    # A self-extracting program: an .exe that zip tools open too.
    "self-extracting program as .zip": (
        "Images.zip",
        EXE + images_zip(),
        "a Windows program",
    ),
    "pdf as .zip": ("Images.zip", pdf_bytes(), "a PDF"),
    "empty zip as .zip": ("Images.zip", zip_bytes({}), "an empty ZIP archive"),
}


def not_what_its_name_says(name, actual):
    ext = name[name.rindex(".") :]
    if not actual:
        return f"The file's name ends in {ext}, but its content is not {EXPECTED[ext]}."
    return (
        f"The file's name ends in {ext}, but its content is {actual}, not "
        f"{EXPECTED[ext]}. Upload the right file, or give it the extension of "
        "what it is."
    )


def test_content_that_is_not_what_the_name_says_is_refused_saying_so():
    refused = {row: refusal(name, data) for row, (name, data, _) in MISNAMED.items()}

    assert refused == {
        row: ("not_what_its_name_says", not_what_its_name_says(name, actual))
        for row, (name, _, actual) in MISNAMED.items()
    }


def test_pdf_header_after_the_first_1024_bytes_is_refused():
    code = refusal("Bid book.pdf", bytes(1025) + pdf_bytes())[0]

    assert code == "not_what_its_name_says"


UNENDED_PDFS = {
    "cut off while copied": pdf_bytes()[:-40],
    "end marker before the last 1024 bytes": pdf_bytes() + bytes(1024),
}


def test_pdf_without_its_end_marker_at_the_end_is_refused():
    refused = {row: refusal("Bid book.pdf", data) for row, data in UNENDED_PDFS.items()}

    assert refused == dict.fromkeys(
        UNENDED_PDFS,
        (
            "incomplete_pdf",
            "The PDF is incomplete: it does not end with %%EOF, the mark that "
            "closes every PDF. It may have been cut off while it was downloaded or "
            "copied; save or export it again.",
        ),
    )


MACRO_BOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
PLAIN_BOOK = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
)


def with_types(change):
    return rezipped(
        xlsx_bytes(), {"[Content_Types].xml": lambda xml: change(xml.decode()).encode()}
    )


MACRO_BOOKS = {
    "vba part": rezipped(xlsx_bytes(), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
    "vba part in capitals": rezipped(
        xlsx_bytes(), add={"XL/VBAPROJECT.BIN": b"\xd0\xcf\x11\xe0"}
    ),
    "macro type": with_types(lambda xml: xml.replace(PLAIN_BOOK, MACRO_BOOK)),
    "escaped": with_types(
        lambda xml: xml.replace(PLAIN_BOOK, MACRO_BOOK.replace("E", "&#69;"))
    ),
    "vba type": with_types(
        lambda xml: xml.replace(
            "</Types>",
            '<Override PartName="/xl/code.bin" '
            'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
        )
    ),
    "utf-16": rezipped(
        xlsx_bytes(),
        {
            "[Content_Types].xml": lambda xml: (
                xml.decode().replace(PLAIN_BOOK, MACRO_BOOK).encode("utf-16")
            )
        },
    ),
}


def test_workbook_with_macros_is_refused():
    assert (
        PLAIN_BOOK
        in zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
        .read("[Content_Types].xml")
        .decode()
    )

    refused = {
        row: refusal("Capacity chart.xlsx", data) for row, data in MACRO_BOOKS.items()
    }

    assert refused == dict.fromkeys(
        MACRO_BOOKS,
        (
            "workbook_has_macros",
            "The workbook contains macros: it is a macro-enabled workbook (.xlsm) "
            "renamed. Planners' computers block macros or warn about them; in "
            "Excel, save it as “Excel Workbook (*.xlsx)” and upload that.",
        ),
    )


def renamed(data, placeholder, name):
    """`data` with a member name swapped for one of the same length that
    zipfile would not write (in the local header and the directory)."""
    assert len(placeholder) == len(name)
    return data.replace(placeholder, name)


LEADING_OUT = (
    "../West Lake.jpg",
    "Hangzhou/../../West Lake.jpg",
    "Hangzhou\\..\\..\\West Lake.jpg",
    "/etc/West Lake.jpg",
    "\\West Lake.jpg",
    "C:West Lake.jpg",
    "West Lake.jpg:hidden.jpg",
)


def test_zip_member_leading_out_of_its_folder_is_refused():
    refused = {
        member: refusal("Images.zip", zip_bytes({member: image("JPEG")}))
        for member in LEADING_OUT
    }

    assert refused == {
        member: (
            "unsafe_member_path",
            f"“{member}” in the ZIP has a name that leads out of the folder it is "
            "unpacked into, or that unzip programs would read differently. Make "
            "the ZIP again from a folder of images.",
        )
        for member in LEADING_OUT
    }


def test_zip_member_whose_name_has_a_nul_is_refused():
    data = renamed(
        zip_bytes({"West Lake.jpgX.exe": image("JPEG")}),
        b"West Lake.jpgX.exe",
        b"West Lake.jpg\x00.exe",
    )

    assert refusal("Images.zip", data)[0] == "unsafe_member_path"


def encrypted(data):
    """`data`, a ZIP of one member, with the member marked encrypted."""
    data = bytearray(data)
    directory = struct.unpack_from("<L", data, len(data) - 6)[0]
    for flags in (6, directory + 8):  # the local header's and the directory's
        data[flags] |= 0x1
    return bytes(data)


def test_encrypted_zip_member_is_refused():
    data = encrypted(zip_bytes({"West Lake.jpg": image("JPEG")}))
    assert zipfile.ZipFile(io.BytesIO(data)).infolist()[0].flag_bits & 0x1

    assert refusal("Images.zip", data) == (
        "encrypted_member",
        "“West Lake.jpg” in the ZIP is protected by a password, which planners do "
        "not have. Make the ZIP again without a password.",
    )


RARE_COMPRESSIONS = {"bzip2": zipfile.ZIP_BZIP2, "lzma": zipfile.ZIP_LZMA}


def test_zip_member_compressed_in_a_rare_way_is_refused():
    refused = {
        row: refusal("Images.zip", zip_bytes({"West Lake.jpg": image("JPEG")}, method))
        for row, method in RARE_COMPRESSIONS.items()
    }

    assert refused == dict.fromkeys(
        RARE_COMPRESSIONS,
        (
            "unsupported_compression",
            "“West Lake.jpg” in the ZIP is compressed in a way that not every "
            "computer can unpack. Make the ZIP again with standard (Deflate) "
            "compression.",
        ),
    )


# Each row's last member is the one refused.
NOT_IMAGES = {
    "text": {"Hangzhou/readme.txt": b"Images of Hangzhou"},
    "page named as an image": {
        "Hangzhou/West Lake.jpg": b"<html><script>alert(1)</script>"
    },
    "image named as a page": {"Hangzhou/West Lake.html": image("JPEG")},
    "program": {"Hangzhou/setup.exe": EXE},
    # Named as Finder's own but elsewhere, or named as an image in there.
    "dot-underscore file outside __MACOSX": {"Hangzhou/._West Lake.jpg": bytes(8)},
    "zip in the zip": {"Hangzhou/inner.zip": images_zip()},
}


def test_zip_member_that_is_not_an_image_or_pdf_is_refused():
    refused = {
        row: refusal("Images.zip", zip_bytes({"Hangzhou/": b""} | members))
        for row, members in NOT_IMAGES.items()
    }

    assert refused == {
        row: (
            "not_an_image",
            f"“{list(members)[-1]}” in the ZIP is not a JPEG, PNG, WebP, GIF, TIFF "
            "or PDF file named as one; a ZIP of images may hold only those.",
        )
        for row, members in NOT_IMAGES.items()
    }


def end_record_says_one_member(data):
    at = data.rfind(b"PK\x05\x06")
    return data[: at + 8] + struct.pack("<2H", 1, 1) + data[at + 12 :]


def with_zip64_locator(data):
    at = data.rfind(b"PK\x05\x06")
    return data[:at] + b"PK\x06\x07" + bytes(16) + data[at:]


LONG_DIRECTORIES = {
    "counted": zip_bytes({f"{n}.jpg": b"" for n in range(2001)}),
    # Its end record says one member; its directory is 2.6 MB long.
    "long directory": end_record_says_one_member(
        zip_bytes({f"{n:04}{'x' * 1200}.jpg": b"" for n in range(2001)})
    ),
    # A ZIP64 end record, which zipfile would read instead of this one.
    "zip64": with_zip64_locator(zip_bytes({"West Lake.jpg": image("JPEG")})),
}


def test_zip_directory_too_long_is_refused_before_zipfile_reads_it(monkeypatch):
    monkeypatch.setattr(zipfile, "ZipFile", forbid("zipfile read the directory"))

    refused = {
        row: refusal("Images.zip", data) for row, data in LONG_DIRECTORIES.items()
    }

    assert refused == dict.fromkeys(
        LONG_DIRECTORIES,
        (
            "too_many_members",
            "The ZIP holds more than 2000 files. Split it into several downloads.",
        ),
    )


def test_zip_whose_end_record_understates_its_members_is_still_refused():
    data = end_record_says_one_member(zip_bytes({f"{n}.jpg": b"" for n in range(2001)}))

    assert refusal("Images.zip", data)[0] == "too_many_members"


def test_zip_member_that_cannot_be_read_is_refused_as_damaged():
    data = zip_bytes({"West Lake.jpg": image("JPEG")})
    start = 30 + len("West Lake.jpg")  # the member's deflated bytes
    data = data[:start] + b"\xff" * 16 + data[start + 16 :]

    assert refusal("Images.zip", data) == (
        "damaged_archive",
        "The file is damaged: “West Lake.jpg” inside it cannot be read.",
    )


def declaring(data, size):
    """`data`, a ZIP of one member, whose directory says it unpacks to `size`."""
    data = bytearray(data)
    directory = struct.unpack_from("<L", data, len(data) - 6)[0]
    struct.pack_into("<L", data, directory + 24, size)
    return bytes(data)


# Each with the size it says it unpacks to.
BOMBS = {
    # 5 MiB of zeros in a file of 5 KB: a bomb for a 1 MiB limit.
    "compressible": (
        zip_bytes({"West Lake.jpg": image("JPEG") + bytes(5 * 1024**2)}),
        "5.0\xa0MB",
    ),
    # A directory claiming 4 GB for a member that holds 700 bytes.
    "crafted directory": (
        declaring(zip_bytes({"West Lake.jpg": image("JPEG")}), 2**32 - 2),
        "4.0\xa0GB",
    ),
}


def test_zip_unpacking_past_four_upload_limits_is_refused_unread(settings, monkeypatch):
    settings.DOWNLOAD_MAX_UPLOAD_BYTES = 1024**2
    monkeypatch.setattr(zipfile.ZipFile, "open", forbid("zipfile opened a member"))

    refused = {row: refusal("Images.zip", data) for row, (data, _) in BOMBS.items()}

    assert refused == {
        row: (
            "unpacks_too_large",
            f"The ZIP unpacks to {size}, more than the 4.0\xa0MB a download may "
            "unpack to. Split it into several downloads.",
        )
        for row, (_, size) in BOMBS.items()
    }


# Stored names


def store(name, data=None):
    with time_machine.travel("2026-12-04 10:00 +0800", tick=False):
        return DownloadFactory(file=ContentFile(data or pdf_bytes(), name=name))


def stored_as(uploaded):
    """The name a file uploaded as `uploaded` is stored under in its random
    folder (its whole path if it is stored elsewhere), and whether its bytes
    come back as they went in."""
    try:
        with transaction.atomic():
            download = store(uploaded)
    except ValueError as error:  # a name the disk refuses, such as one with a NUL
        return f"not stored: {error}", False
    match = STORED.fullmatch(download.file.name)
    with download.file.open("rb") as file:
        intact = file.read() == pdf_bytes()
    return (match["name"] if match else download.file.name), intact


# {uploaded: stored}
SAFE_NAMES = {
    "Bid Book 2026.PDF": "Bid Book 2026.pdf",
    "İstanbul ς Συνέδριο.pdf": "İstanbul ς Συνέδριο.pdf",  # not case-folded
    "會議場地平面圖（2026）.pdf": "會議場地平面圖（2026）.pdf",  # not simplified
    "🎉 Gala 👨‍👩‍👧.pdf": "🎉 Gala 👨👩👧.pdf",  # joiners dropped
    "Fact\x00 sheet\x07.pdf": "Fact sheet.pdf",
    "Fact\tsheet\nfinal.pdf": "Fact sheet final.pdf",
    "evil\u202egpj.pdf": "evilgpj.pdf",  # no right-to-left override
    "../../etc/passwd.pdf": "passwd.pdf",
    "C:\\Users\\li\\..\\Bid book.pdf": "Bid book.pdf",
    "...hidden.pdf": "hidden.pdf",
    "-d Bid book.pdf": "d Bid book.pdf",  # not an option to unzip
    "Bid book. . .pdf": "Bid book.pdf",
    'Q&A: "Why" <Hangzhou>?|*.pdf': "Q&A_ _Why_ _Hangzhou____.pdf",
    "CON.pdf": "_CON.pdf",
    ".pdf": "download.pdf",
    "x" * 300 + ".pdf": "x" * 176 + ".pdf",
    "杭州" * 50 + ".pdf": "杭州" * 29 + ".pdf",  # 174 bytes and the extension
}


def test_file_is_stored_in_a_random_folder_under_its_name_made_safe():
    assert max(len(stored.encode()) for stored in SAFE_NAMES.values()) <= 180

    stored = {uploaded: stored_as(uploaded) for uploaded in SAFE_NAMES}

    assert stored == {uploaded: (name, True) for uploaded, name in SAFE_NAMES.items()}


def test_the_same_name_uploaded_twice_goes_to_two_folders():
    first, second = store("Bid book.pdf"), store("Bid book.pdf")

    assert first.file.name != second.file.name
    assert first.file.name.rsplit("/", 1)[1] == second.file.name.rsplit("/", 1)[1]
    assert first.original_name == second.original_name == "Bid book.pdf"


def test_download_describes_its_file():
    # One workbook: openpyxl stamps the time, so two may differ in size.
    data = xlsx_bytes()
    download = store("Capacity chart.XLSX", data)

    assert (download.kind, download.size) == ("xlsx", len(data))
    assert download.original_name == "Capacity chart.XLSX"
    assert Download(kind="pdf", size=2516582).display_kind == "PDF · 2.4\xa0MB"


# The admin


@pytest.fixture
def editor(staff_member, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploads reach the form as temporary files, as large ones do.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    return staff_member("Editor")


def stored_files(media_root):
    return sorted(p for p in media_root.rglob("*") if p.is_file())


def post(client, url, name, data, **fields):
    return client.post(
        url,
        {
            "title_en": "Bid book",
            "title_zh_hans": "申办手册",
            "file": SimpleUploadedFile(name, data),
            "language": "en",
        }
        | fields,
    )


def test_editor_adds_a_download(client, editor, media_root):
    response = post(client, ADD_URL, "杭州 Bid Book.PDF", pdf_bytes())

    assert response.status_code == 302
    download = Download.objects.get()
    assert (download.title_en, download.title_zh_hans) == ("Bid book", "申办手册")
    assert (download.kind, download.size, download.language) == (
        "pdf",
        len(pdf_bytes()),
        "en",
    )
    assert download.original_name == "杭州 Bid Book.PDF"
    assert download.file.name.endswith("/杭州 Bid Book.pdf")
    assert [p.read_bytes() for p in stored_files(media_root)] == [pdf_bytes()]


def test_english_title_is_required_and_chinese_optional(client, editor):
    refused = post(client, ADD_URL, "Bid book.pdf", pdf_bytes(), title_en="")
    accepted = post(client, ADD_URL, "Bid book.pdf", pdf_bytes(), title_zh_hans="")

    assert list(refused.context["adminform"].form.errors) == ["title_en"]
    assert accepted.status_code == 302


def test_refused_upload_shows_the_error_by_the_file_and_stores_nothing(
    client, editor, media_root
):
    response = post(client, ADD_URL, "Bid book.pdf", images_zip())

    form = response.context["adminform"].form
    assert list(form.errors) == ["file"]
    message = form.errors["file"][0]
    assert message.startswith("The file's name ends in .pdf, but its content is a ZIP")
    html = response.content.decode()
    row = html[html.index("field-file") :]
    row = row[: row.index("form-row")]  # up to the next field's
    assert 'class="errorlist' in row
    assert message.replace("'", "&#x27;") in row
    assert not Download.objects.exists()
    assert stored_files(media_root) == []


def found_in_the_admin(client, query):
    url = reverse("admin:hangzhou_mice_download_changelist")
    response = client.get(url, {"q": query})
    return [str(download) for download in response.context["cl"].result_list]


# {query: titles found}
SEARCHES = {"bid": ["Bid book"], "申办": ["Bid book"]}


def test_downloads_are_found_by_title_in_either_language(client, editor):
    DownloadFactory(title="Bid book", title_zh_hans="申办手册")
    DownloadFactory(title="Capacity chart", title_zh_hans="容量表")

    found = {query: found_in_the_admin(client, query) for query in SEARCHES}

    assert found == SEARCHES


def test_replacing_the_file_removes_the_old_one_after_the_commit(
    client, editor, media_root, django_capture_on_commit_callbacks
):
    download = DownloadFactory(title="Bid book", language="en")
    old = media_root / download.file.name
    url = reverse("admin:hangzhou_mice_download_change", args=[download.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, url, "Bid book 2027.pdf", pdf_bytes("navy"))
        assert old.exists()  # until the change commits

    assert response.status_code == 302
    download.refresh_from_db()
    assert not old.exists()
    assert download.original_name == "Bid book 2027.pdf"
    assert stored_files(media_root) == [media_root / download.file.name]
    assert download.size == len(pdf_bytes("navy"))


def test_changing_only_the_title_keeps_the_file(
    client, editor, media_root, django_capture_on_commit_callbacks
):
    download = DownloadFactory(title="Bid book")
    url = reverse("admin:hangzhou_mice_download_change", args=[download.pk])
    fields = {"title_en": "Bid book 2027", "title_zh_hans": "", "language": ""}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, fields)

    assert response.status_code == 302
    assert stored_files(media_root) == [media_root / download.file.name]


def delete_and_commit(client, media_root, capture, download, url, data):
    """Post the deletion of `download`; return the answer's status and what is
    left in the database and on disk once it has committed."""
    with capture(execute=True):
        response = client.post(url, data)
        assert (media_root / download.file.name).exists()  # until it commits
    return response.status_code, list(Download.objects.all()), stored_files(media_root)


def test_deleting_a_download_on_its_page_removes_its_file_after_the_commit(
    client, editor, media_root, django_capture_on_commit_callbacks
):
    download, kept = DownloadFactory(), DownloadFactory()
    url = reverse("admin:hangzhou_mice_download_delete", args=[download.pk])

    left = delete_and_commit(
        client,
        media_root,
        django_capture_on_commit_callbacks,
        download,
        url,
        {"post": "yes"},
    )

    assert left == (302, [kept], [media_root / kept.file.name])


def test_deleting_a_download_by_the_list_action_removes_its_file_after_the_commit(
    client, editor, media_root, django_capture_on_commit_callbacks
):
    download, kept = DownloadFactory(), DownloadFactory()
    url = reverse("admin:hangzhou_mice_download_changelist")
    data = {"action": "delete_selected", "_selected_action": [download.pk]}

    left = delete_and_commit(
        client,
        media_root,
        django_capture_on_commit_callbacks,
        download,
        url,
        data | {"post": "yes"},
    )

    assert left == (302, [kept], [media_root / kept.file.name])
