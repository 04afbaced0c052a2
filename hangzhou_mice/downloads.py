"""Documents planners download: checked by their content, stored under their
own name in a folder nobody can guess.

An upload's extension says what it must be (`DownloadKind`) and its content
must be that: a PDF by its header and its end marker; a workbook by the parts
of its ZIP, without macros; a ZIP of images by the first bytes of every
member. A ZIP is judged by its directory before anything is unpacked (how
many members, what they unpack to, their paths) and then a few bytes of each
member are read, never more.

Every file is stored as `downloads/<year>/<month>/<random folder>/<name>`
(`stored_name`): a draft's document cannot be found by guessing, and the file
a planner saves has the name the editor gave it, made safe.
"""

import codecs
import contextlib
import html
import re
import secrets
import struct
import unicodedata
import zipfile
import zlib
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .images import extension, file_label


class DownloadKind(models.TextChoices):
    """What a download is; the value is its extension without the dot."""

    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    ZIP = "zip", _("ZIP of images")


KINDS = {f".{kind}": kind for kind in DownloadKind}
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
}
# Where readers look for the header, and for the end marker from the end.
PDF_WINDOW = 1024
PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
PDF_END = b"%%EOF"
MAX_MEMBERS = 2000
# What a ZIP of images may unpack to, in upload limits.
UNPACKED_FACTOR = 4
# A directory entry takes 46 bytes and the member's name: a directory longer
# than this for each member allowed costs zipfile memory and time before the
# members can be counted.
DIRECTORY_BYTES_PER_MEMBER = 1024
# The end record: signature, disk numbers, entries on this disk and in
# all, the directory's size and offset, the comment's length.
END_RECORD = struct.Struct("<4s4H2LH")
ZIP64_LOCATOR = b"PK\x06\x07"
# A workbook's list of content types is a few KB.
CONTENT_TYPES_MAX_BYTES = 1024**2
MACRO_CONTENT_TYPES = ("macroenabled", "vbaproject", "macrosheet")
MEMBER_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".pdf"}
MEMBER_SIGNATURES = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
    b"%PDF-",
)
# What a refused file is, when its first bytes tell, for the refusal.
RECOGNISED = (
    (b"%PDF-", _("a PDF")),
    (b"PK\x03\x04", _("a ZIP archive or an Office document")),
    (b"PK\x05\x06", _("an empty ZIP archive")),
    (b"MZ", _("a Windows program")),
    (b"\x7fELF", _("a program")),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        _("an old Office file (such as .xls) or a password-protected workbook"),
    ),
)
EXPECTED = {
    DownloadKind.PDF: _("a PDF"),
    DownloadKind.XLSX: _("an Excel workbook (XLSX)"),
    DownloadKind.ZIP: _("a ZIP of images"),
}
# A stored name's length in UTF-8: disks count bytes (255 at most), and a
# Chinese character takes three.
NAME_MAX_BYTES = 180
# Past this, what follows the last dot is part of the name, not a format.
SUFFIX_MAX_LENGTH = 16
# Path separators, and what Windows refuses in a file name.
RESERVED = re.compile(r'[\\/:*?"<>|]')
WINDOWS_DEVICES = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)", re.IGNORECASE)


# Names


def safe_name(name):
    """`name` as the last part of a stored path, as a planner should save it.

    No folders, control or invisible characters, nothing Windows refuses, no
    leading dot (hidden) or dash (read as an option), no trailing dot or
    space; Unicode letters, marks, digits and symbols (emoji) are kept as
    written. The extension is lower-cased and the name cut to NAME_MAX_BYTES.
    """
    name = unicodedata.normalize("NFC", re.split(r"[\\/]", name)[-1])
    name = " ".join("".join(safe_character(c) for c in name).split())
    stem, dot, suffix = name.rpartition(".")
    if not (dot and 0 < len(suffix) <= SUFFIX_MAX_LENGTH):
        stem, suffix = name, ""
    suffix = f".{suffix.lower()}" if suffix else ""
    budget = NAME_MAX_BYTES - len(suffix.encode())
    stem = stem.encode()[:budget].decode(errors="ignore")
    stem = stem.lstrip(" .-").rstrip(" .") or "download"
    if WINDOWS_DEVICES.fullmatch(stem.split(".")[0].strip()):
        stem = f"_{stem}"
    return stem + suffix


def safe_character(character):
    if character.isspace():
        return " "  # a tab or a line break too
    if unicodedata.category(character)[0] == "C":
        return ""  # control, format (a bidi override), private or unassigned
    return "_" if RESERVED.match(character) else character


def stored_name(name):
    """A new random folder and the safe form of `name`: "<32 hex>/<name>"."""
    return f"{secrets.token_hex(16)}/{safe_name(name)}"


# Checks


def describe_upload(download, upload):
    """Check `upload` and set what it is on `download`: kind, size, name."""
    download.kind = check_upload(upload)
    download.size = upload.size
    length = download._meta.get_field("original_name").max_length
    download.original_name = file_label(upload.name, length)


def check_upload(upload):
    """Return the kind of `upload` if its content is what its name says;
    raise ValidationError if not. The upload is rewound afterwards."""
    check_size(upload)
    kind = kind_of(upload.name)
    try:
        CHECKS[kind](upload)
    finally:
        upload.seek(0)
    return kind


def check_size(upload):
    limit = settings.DOWNLOAD_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; a download may be at most %(limit)s."),
            code="file_too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty_file")


def kind_of(name):
    """The kind that the extension of the name it will be stored under says."""
    suffix = extension(safe_name(name))
    if suffix in KINDS:
        return KINDS[suffix]
    if suffix:
        message = _(
            "A download must be a PDF (.pdf), an Excel workbook (.xlsx) or a "
            "ZIP of images (.zip); this file's name ends in “%(ext)s”."
        )
    else:
        message = _(
            "A download must be a PDF (.pdf), an Excel workbook (.xlsx) or a "
            "ZIP of images (.zip); this file's name has no extension."
        )
    raise ValidationError(message, code="unsupported_type", params={"ext": suffix})


def not_what_its_name_says(upload, kind, actual=None):
    """The refusal of a file whose content is not the kind its name says;
    it names what the content is when its first bytes tell."""
    if actual is None:
        upload.seek(0)
        head = upload.read(16)
        actual = next((label for sig, label in RECOGNISED if head.startswith(sig)), "")
    params = {"ext": f".{kind}", "expected": EXPECTED[kind], "actual": actual}
    if actual:
        message = _(
            "The file's name ends in %(ext)s, but its content is %(actual)s, not "
            "%(expected)s. Upload the right file, or give it the extension of "
            "what it is."
        )
    else:
        message = _(
            "The file's name ends in %(ext)s, but its content is not %(expected)s."
        )
    return ValidationError(message, code="not_what_its_name_says", params=params)


def check_pdf(upload):
    upload.seek(0)
    if not PDF_HEADER.search(upload.read(PDF_WINDOW)):
        raise not_what_its_name_says(upload, DownloadKind.PDF)
    upload.seek(max(upload.size - PDF_WINDOW, 0))
    if PDF_END not in upload.read(PDF_WINDOW):
        raise ValidationError(
            _(
                "The PDF is incomplete: it does not end with %(marker)s, the mark "
                "that closes every PDF. It may have been cut off while it was "
                "downloaded or copied; save or export it again."
            ),
            code="incomplete_pdf",
            params={"marker": PDF_END.decode()},
        )


def check_workbook(upload):
    with open_zip(upload, DownloadKind.XLSX) as archive:
        parts = {info.filename.lower(): info for info in archive.infolist()}
        # Part names are compared regardless of case (Open Packaging Conventions).
        if not {"[content_types].xml", "xl/workbook.xml"} <= parts.keys():
            raise not_what_its_name_says(upload, DownloadKind.XLSX)
        types = parts["[content_types].xml"]
        if "xl/vbaproject.bin" in parts or names_macros(archive, types):
            raise ValidationError(
                _(
                    "The workbook contains macros: it is a macro-enabled workbook "
                    "(.xlsm) renamed. Planners' computers block macros or warn "
                    "about them; in Excel, save it as “Excel Workbook (*.xlsx)” "
                    "and upload that."
                ),
                code="workbook_has_macros",
            )


def names_macros(archive, info):
    """Whether the workbook's content types name macros (an .xlsm's do)."""
    if info.file_size > CONTENT_TYPES_MAX_BYTES:
        raise damaged(info)
    data = read_member(archive, info, CONTENT_TYPES_MAX_BYTES)
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    # Character references decoded, so "macro&#69;nabled" is seen too.
    text = html.unescape(data.decode("utf-16" if utf16 else "utf-8", "replace"))
    return any(name in text.lower() for name in MACRO_CONTENT_TYPES)


def check_image_zip(upload):
    with open_zip(upload, DownloadKind.ZIP) as archive:
        members = archive.infolist()
        if "[content_types].xml" in {info.filename.lower() for info in members}:
            actual = _("an Excel workbook or another Office document")
            raise not_what_its_name_says(upload, DownloadKind.ZIP, actual)
        for info in members:
            check_member_entry(info)
        for info in members:
            if not (info.is_dir() or is_finder_metadata(info.filename)):
                check_member_content(archive, info)


def is_finder_metadata(name):
    """macOS Finder's own files, which its "Compress" puts in every ZIP:
    resource forks under __MACOSX/ and folder settings (.DS_Store). Their
    names and sizes are checked as any member's; their content is not an
    image, and unzip programs on the Mac hide them."""
    return name.startswith("__MACOSX/") or PurePosixPath(name).name == ".DS_Store"


def misread_path(name):
    """Whether unzipping `name` could write outside its folder, or a
    program read it otherwise than as written (a NUL ends it, a colon
    names a drive or a Windows stream)."""
    parts = re.split(r"[\\/]", name)
    return (
        "\x00" in name or ":" in name or name.startswith(("/", "\\")) or ".." in parts
    )


def check_member_entry(info):
    """Refuse a member that unpacks elsewhere than it says, or that planners
    could not open: protected by a password, or compressed in a rare way."""
    if misread_path(info.orig_filename):  # as stored, before zipfile cut a NUL
        raise member_error(
            _(
                "“%(member)s” in the ZIP has a name that leads out of the folder "
                "it is unpacked into, or that unzip programs would read "
                "differently. Make the ZIP again from a folder of images."
            ),
            "unsafe_member_path",
            info,
        )
    if info.flag_bits & 0x1:
        raise member_error(
            _(
                "“%(member)s” in the ZIP is protected by a password, which "
                "planners do not have. Make the ZIP again without a password."
            ),
            "encrypted_member",
            info,
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise member_error(
            _(
                "“%(member)s” in the ZIP is compressed in a way that not every "
                "computer can unpack. Make the ZIP again with standard (Deflate) "
                "compression."
            ),
            "unsupported_compression",
            info,
        )


def check_member_content(archive, info):
    head = read_member(archive, info, 12)
    is_webp = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    is_image = head.startswith(MEMBER_SIGNATURES) or is_webp
    if not is_image or extension(info.filename) not in MEMBER_EXTENSIONS:
        raise member_error(
            _(
                "“%(member)s” in the ZIP is not a JPEG, PNG, WebP, GIF, TIFF or "
                "PDF file named as one; a ZIP of images may hold only those."
            ),
            "not_an_image",
            info,
        )


def member_error(message, code, info):
    shown = "".join(c for c in info.orig_filename if c.isprintable())[:200]
    return ValidationError(message, code=code, params={"member": shown})


def damaged(info):
    return member_error(
        _("The file is damaged: “%(member)s” inside it cannot be read."),
        "damaged_archive",
        info,
    )


def read_member(archive, info, size):
    """The first `size` bytes of a member: no more is ever unpacked."""
    try:
        with archive.open(info) as member:
            return member.read(size)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise damaged(info) from error


@contextlib.contextmanager
def open_zip(upload, kind):
    """The upload as an open ZipFile, once its directory is within bounds."""
    upload.seek(0)
    # A ZIP that planners' tools and Excel open starts with its first member:
    # a self-extracting program does not.
    if upload.read(4) != b"PK\x03\x04":
        raise not_what_its_name_says(upload, kind)
    check_directory_size(upload, kind)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise not_what_its_name_says(upload, kind) from error
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise too_many_members()
        check_unpacked_size(members)
        yield archive


def check_directory_size(upload, kind):
    """Refuse from the ZIP's end record alone a directory too long to read.

    zipfile reads the whole directory into objects before anything can count
    them: a 50 MB file of empty members would take hundreds of MB.
    """
    upload.seek(max(upload.size - END_RECORD.size - 0xFFFF - 20, 0))
    tail = upload.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < END_RECORD.size:
        raise not_what_its_name_says(upload, kind)
    *_start, members, directory_bytes, _offset, _comment = END_RECORD.unpack_from(
        tail, at
    )
    # zipfile would read a ZIP64 end record instead, which is only needed
    # past 65,535 members or 4 GB: far past the limits.
    zip64 = tail[max(at - 20, 0) : at].startswith(ZIP64_LOCATOR)
    long_directory = directory_bytes > MAX_MEMBERS * DIRECTORY_BYTES_PER_MEMBER
    if zip64 or members > MAX_MEMBERS or long_directory:
        raise too_many_members()


def too_many_members():
    return ValidationError(
        _("The ZIP holds more than %(limit)d files. Split it into several downloads."),
        code="too_many_members",
        params={"limit": MAX_MEMBERS},
    )


def check_unpacked_size(members):
    """Refuse a ZIP whose members say they unpack past the bound (a bomb).

    zipfile never unpacks a member past its stated size, so the stated
    sizes bound what any later read costs.
    """
    limit = UNPACKED_FACTOR * settings.DOWNLOAD_MAX_UPLOAD_BYTES
    unpacked = sum(info.file_size for info in members)
    if unpacked > limit:
        raise ValidationError(
            _(
                "The ZIP unpacks to %(size)s, more than the %(limit)s a download "
                "may unpack to. Split it into several downloads."
            ),
            code="unpacks_too_large",
            params={"size": filesizeformat(unpacked), "limit": filesizeformat(limit)},
        )


CHECKS = {
    DownloadKind.PDF: check_pdf,
    DownloadKind.XLSX: check_workbook,
    DownloadKind.ZIP: check_image_zip,
}


# Files


def download_delete_files(*, download: models.Model) -> None:
    """Remove a Download's file once its deletion (or replacement) commits."""
    name, storage = download.file.name, download.file.storage
    transaction.on_commit(lambda: storage.delete(name))
