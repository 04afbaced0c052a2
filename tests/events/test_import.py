import csv
import datetime
import io
import random
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events import importing
from events.exporters import CSVExporter, XLSXExporter
from events.importing import (
    ImportConflictError,
    ImportFileError,
    RowError,
    apply_import,
    plan_import,
    planning,
    read_roster,
    reading,
)
from events.models import Event, Organization, Participant, PendingImport
from hangzhou_mice.models import AuditEntry

pytestmark = pytest.mark.django_db

HEADER = ["Full name", "Category", "Email", "Organization", "Registered at"]
NOT_A_SPREADSHEET = "This file is not a CSV or Excel (.xlsx) spreadsheet."
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"


@pytest.fixture
def event():
    return Event.objects.create(
        title="Hangzhou PLUS Beijing",
        slug="hangzhou-plus-beijing",
        kind="roadshow",
        start=datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2026, 3, 1, 17, 0, tzinfo=datetime.UTC),
        city="Beijing",
        summary="s",
    )


def csv_upload(rows, header=HEADER, name="roster.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, ("\ufeff" + buffer.getvalue()).encode())


def xlsx_upload(rows, header=HEADER, name="roster.xlsx"):
    workbook = openpyxl.Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def export(exporter_class, event, name):
    buffer = io.BytesIO()
    exporter_class(event.participants.all()).write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def stored():
    """Return everything an import could write, to compare before and after."""
    return (
        sorted(
            Participant.objects.values_list("pk", "full_name", "email", "updated_at")
        ),
        sorted(Organization.objects.values_list("pk", "name")),
    )


def local(*parts):
    return datetime.datetime(*parts, tzinfo=timezone.get_current_timezone())


def test_dry_run_reads_only_and_writes_nothing(event):
    Participant.objects.create(event=event, full_name="Li Wei", email="li@example.com")
    upload = csv_upload(
        [
            ["Li Wei", "Speaker", "LI@example.com", "ICCA", ""],
            ["Anna Berg", "VIP guest", "anna@example.com", "New Society", ""],
        ]
    )
    before = stored()

    with CaptureQueriesContext(connection) as queries:
        plan = plan_import(event=event, uploaded_file=upload)

    assert plan.ok
    assert (len(plan.creates), len(plan.updates)) == (1, 1)
    assert [o.name for o in plan.new_organizations] == ["ICCA", "New Society"]
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries)
    assert stored() == before


def test_apply_creates_and_updates_and_counts_them(event):
    by_email = Participant.objects.create(
        event=event, full_name="Li Wei", email="Li.Wei@example.com", category="other"
    )
    by_name = Participant.objects.create(event=event, full_name="Zhang Min")
    stamped = by_email.updated_at
    upload = csv_upload(
        [
            ["Li Wei", "speaker", "li.wei@EXAMPLE.com", "", ""],
            ["zhang min", "Media", "", "", "2026-03-01 09:30"],
            ["Anna Berg", "VIP guest", "anna@example.com", "", ""],
        ]
    )

    plan = plan_import(event=event, uploaded_file=upload)
    created, updated = apply_import(plan=plan)

    assert (created, updated) == (1, 2)
    by_email.refresh_from_db()
    by_name.refresh_from_db()
    assert by_email.category == "speaker"
    assert by_email.updated_at > stamped
    assert (by_name.full_name, by_name.category) == ("zhang min", "media")
    assert by_name.registered_at == local(2026, 3, 1, 9, 30)
    anna = Participant.objects.get(event=event, email="anna@example.com")
    assert (anna.category, anna.is_public) == ("vip", False)
    assert event.participants.count() == 3


def test_row_errors_give_line_column_and_reason(event):
    upload = csv_upload(
        [
            ["Good Row", "Speaker", "good@example.com", "", ""],
            ["Bad Email", "Speaker", "not-an-email", "", ""],
            ["Bad Category", "Guest of honour", "", "", ""],
            ["Bad Date", "Speaker", "", "", "01/03/2026"],
            ["First", "Speaker", "same@example.com", "", ""],
            ["Second", "Speaker", "SAME@example.com", "", ""],
            ["", "Speaker", "noname@example.com", "", ""],
        ]
    )

    plan = plan_import(event=event, uploaded_file=upload)

    assert plan.errors == [
        RowError(
            3, "Email", "Enter a valid email address.", "not-an-email", "Bad Email"
        ),
        RowError(
            4,
            "Category",
            "“Guest of honour” is not one of: VIP guest, Speaker, "
            "Association representative, PCO, Local supplier, Media, "
            "Bureau staff, Other.",
            "Guest of honour",
            "Bad Category",
        ),
        RowError(
            5,
            "Registered at",
            "Write a date as YYYY-MM-DD or YYYY-MM-DD HH:MM.",
            "01/03/2026",
            "Bad Date",
        ),
        RowError(
            7,
            "Email",
            "This email is also on line 6.",
            "SAME@example.com",
            "Second",
        ),
        # No name: the row is known by its email.
        RowError(
            8, "Full name", "The full name is required.", "", "noname@example.com"
        ),
    ]
    assert [p.full_name for p in plan.creates] == ["Good Row", "First"]
    assert not plan.ok


def test_more_checks_name_their_column(event):
    header = [*HEADER, "Phone", "Public guest", "Organization kind", "Checked in at"]
    upload = csv_upload(
        [
            ["A", "Speaker", "", "", "", "call me", "", "", ""],
            ["B", "Speaker", "", "", "", "", "maybe", "", ""],
            ["C", "Speaker", "", "Org", "", "", "", "Hotel", ""],
            ["D" * 201, "Speaker", "", "", "", "", "", "", ""],
            ["E", "Speaker", "", "", "", "", "", "", "2026-02-30"],
            ["F", "", "", "", "", "", "", "", ""],
        ],
        header=header,
    )

    plan = plan_import(event=event, uploaded_file=upload)

    assert [(e.line, e.column) for e in plan.errors] == [
        (2, "Phone"),
        (3, "Public guest"),
        (4, "Organization kind"),
        (5, "Full name"),
        (6, "Checked in at"),
        (7, "Category"),
    ]
    assert plan.errors[3].reason == (
        "Ensure this value has at most 200 characters (it has 201)."
    )
    assert plan.errors[5].reason == "A new participant needs a category."


def test_ten_thousand_rows_with_three_bad_rows(event):
    lines = ["\ufeffFull name,Category,Email,Registered at"]
    lines += [
        f"Guest {n},Speaker,guest{n}@example.com,2026-03-01" for n in range(10_000)
    ]
    lines[1001] = "Guest bad,Speaker,guest-at-example.com,"
    lines[5001] = "Guest bad,Nobody,,"
    lines[9001] = "Guest bad,Speaker,,2026-13-01"
    upload = SimpleUploadedFile("big.csv", "\r\n".join(lines).encode())
    before = stored()

    plan = plan_import(event=event, uploaded_file=upload)

    assert [(e.line, e.column) for e in plan.errors] == [
        (1002, "Email"),
        (5002, "Category"),
        (9002, "Registered at"),
    ]
    assert len(plan.creates) == 9_997
    with pytest.raises(ValueError, match="errors"):
        apply_import(plan=plan)
    assert stored() == before


def test_apply_is_all_or_nothing(event, monkeypatch):
    Participant.objects.create(event=event, full_name="Li Wei", email="li@example.com")
    upload = csv_upload(
        [
            ["Li Wei", "Speaker", "li@example.com", "", ""],
            ["Anna Berg", "VIP guest", "anna@example.com", "New Society", ""],
        ]
    )
    plan = plan_import(event=event, uploaded_file=upload)
    before, written = stored(), []

    def fail(*args, **kwargs):
        written.append((Participant.objects.count(), Organization.objects.count()))
        raise RuntimeError("database went away")

    monkeypatch.setattr(QuerySet, "bulk_update", fail)
    with pytest.raises(RuntimeError):
        apply_import(plan=plan)

    assert written == [(2, 1)]  # the creates had gone in when it failed
    assert stored() == before
    assert Participant.objects.get(email="li@example.com").category == "other"


@pytest.mark.parametrize(
    ("encoding", "name"), [("cp1252", "Zoë Müller"), ("gbk", "李伟"), ("utf-16", "Li")]
)
def test_csv_in_another_encoding_is_refused_with_advice(event, encoding, name):
    text = f"Full name,Category\r\n{name},Speaker\r\n"
    upload = SimpleUploadedFile("roster.csv", text.encode(encoding))
    before = stored()

    with pytest.raises(ImportFileError, match="CSV UTF-8"):
        plan_import(event=event, uploaded_file=upload)
    assert stored() == before


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("roster.csv", PNG),
        ("roster.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        ("roster.csv", random.Random(7).randbytes(4096)),  # noqa: S311
        ("roster.xlsx", docx_bytes()),
        ("roster.xlsx", b"PK\x03\x04 truncated"),
    ],
)
def test_file_that_is_not_a_spreadsheet_is_refused(event, name, content):
    before = stored()

    with pytest.raises(ImportFileError) as error:
        plan_import(event=event, uploaded_file=SimpleUploadedFile(name, content))

    assert str(error.value) == NOT_A_SPREADSHEET
    assert stored() == before


def test_missing_required_columns_are_named(event):
    upload = csv_upload([["Li Wei", "li@example.com"]], header=["Name", "Email"])

    with pytest.raises(ImportFileError) as error:
        plan_import(event=event, uploaded_file=upload)

    assert str(error.value) == (
        "The first line must name these columns: Full name, Category."
    )


@pytest.mark.parametrize(
    "content", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b",,\r\nLi Wei,Speaker\r\n"]
)
def test_empty_file_or_blank_header_is_refused(event, content):
    with pytest.raises(ImportFileError, match="empty|first line"):
        plan_import(event=event, uploaded_file=SimpleUploadedFile("r.csv", content))


def test_file_over_the_limit_is_refused(event, settings):
    settings.ROSTER_IMPORT_MAX_BYTES = 100
    upload = csv_upload([[f"Guest {n}", "Speaker", "", "", ""] for n in range(20)])
    before = stored()

    with pytest.raises(ImportFileError, match="larger than 100"):
        plan_import(event=event, uploaded_file=upload)
    assert stored() == before


def test_headers_match_loosely_and_unknown_columns_are_ignored(event):
    upload = csv_upload(
        [["Li Wei", "SPEAKER", "li@example.com", "x", "yes"]],
        header=["  FULL NAME ", "category", "email", "Shoe size", "is_public"],
    )

    plan = plan_import(event=event, uploaded_file=upload)

    assert plan.ok
    (participant,) = plan.creates
    assert (participant.full_name, participant.category) == ("Li Wei", "speaker")
    assert participant.is_public is True


def test_csv_saved_with_semicolons_is_read(event):
    text = "\ufeffFull name;Category;Email\r\nLi Wei;Speaker;li@example.com\r\n"
    upload = SimpleUploadedFile("roster.csv", text.encode())

    plan = plan_import(event=event, uploaded_file=upload)

    assert [(p.full_name, p.email) for p in plan.creates] == [
        ("Li Wei", "li@example.com")
    ]


def test_rows_keep_their_line_numbers_and_blank_rows_are_skipped():
    upload = csv_upload([["", "", "", "", ""], ["Li Wei", "Speaker", "", "", ""]])

    roster = read_roster(upload, max_bytes=10_000)

    assert roster.rows == [[3, {"full_name": "Li Wei", "category": "Speaker"}]]
    assert roster.columns["full_name"] == "Full name"


def test_organizations_match_case_insensitively_or_are_created_once(event):
    icca = Organization.objects.create(name="ICCA", kind="association")
    header = [*HEADER, "Organization kind"]
    upload = csv_upload(
        [
            ["A", "Speaker", "", "icca", "", ""],
            ["B", "Speaker", "", "Hangzhou PCO", "", "pco"],
            ["C", "Speaker", "", "HANGZHOU pco", "", ""],
            ["D", "Speaker", "", "West Lake Hotel", "", ""],
        ],
        header=header,
    )

    plan = plan_import(event=event, uploaded_file=upload)
    apply_import(plan=plan)

    assert Organization.objects.count() == 3
    pco = Organization.objects.get(name="Hangzhou PCO")
    assert pco.kind == "pco"
    assert Organization.objects.get(name="West Lake Hotel").kind == "other"
    organizations = dict(event.participants.values_list("full_name", "organization"))
    hotel = Organization.objects.get(name="West Lake Hotel")
    assert organizations == {"A": icca.pk, "B": pco.pk, "C": pco.pk, "D": hotel.pk}


@pytest.mark.parametrize("make_upload", [csv_upload, xlsx_upload])
def test_chinese_names_survive(event, make_upload):
    header = ["Full name", "Name in Chinese", "Category", "Organization"]
    upload = make_upload([["Li Wei", "李伟", "Speaker", "杭州国际博览中心"]], header)

    apply_import(plan=plan_import(event=event, uploaded_file=upload))

    participant = event.participants.get()
    assert participant.chinese_name == "李伟"
    assert participant.organization.name == "杭州国际博览中心"


@pytest.mark.parametrize("make_upload", [csv_upload, xlsx_upload])
@pytest.mark.parametrize("heading", ["Job title in Chinese", "中文职务"])
def test_job_titles_import_in_both_languages(event, make_upload, heading):
    header = ["Full name", "Category", "Job title", heading]
    row = ["Noor Ahmad Hamid", "VIP guest", "Director", "总监"]
    upload = make_upload([row], header)

    apply_import(plan=plan_import(event=event, uploaded_file=upload))

    participant = event.participants.get()
    titles = (participant.job_title, participant.chinese_job_title)
    assert titles == ("Director", "总监")


def test_xlsx_cells_keep_types_and_lines(event):
    header = ["Full name", "Category", "Phone", "Public guest", "Checked in at"]
    upload = xlsx_upload(
        [
            [
                "Li Wei",
                "Speaker",
                8613800000000,
                True,
                local(2026, 3, 1, 9).replace(tzinfo=None),  # Excel has no zones
            ],
            [None, None, None, None, None],
            ["Anna", "Speaker", "+86 571 8888 8888", "no", "yesterday"],
        ],
        header,
    )

    plan = plan_import(event=event, uploaded_file=upload)

    assert plan.errors == [
        RowError(
            4,
            "Checked in at",
            "Write a date as YYYY-MM-DD or YYYY-MM-DD HH:MM.",
            "yesterday",
            "Anna",
        )
    ]
    (li,) = plan.creates
    assert (li.phone, li.is_public) == ("8613800000000", True)
    assert li.checked_in_at == local(2026, 3, 1, 9, 0)


@pytest.mark.parametrize(
    ("exporter_class", "name"), [(XLSXExporter, "r.xlsx"), (CSVExporter, "r.csv")]
)
def test_export_then_import_updates_only_what_changed(event, exporter_class, name):
    icca = Organization.objects.create(name="ICCA", kind="association")
    Participant.objects.create(
        event=event,
        full_name="Li Wei",
        chinese_name="李伟",
        email="li@example.com",
        phone="+86 571 8888 8888",
        organization=icca,
        is_public=True,
        checked_in_at=timezone.now(),
        notes="=1+1 | not a formula",
    )
    Participant.objects.create(event=event, full_name="Zhang Min", category="media")
    upload = export(exporter_class, event, name)
    Participant.objects.filter(full_name="Zhang Min").update(category="vip")

    plan = plan_import(event=event, uploaded_file=upload)

    assert plan.errors == []
    assert (plan.creates, plan.new_organizations, plan.unchanged) == ([], [], 1)
    (zhang,) = plan.updates
    assert plan.changed_fields[zhang.pk] == ["category"]
    assert apply_import(plan=plan) == (0, 1)
    assert event.participants.get(full_name="Zhang Min").category == "media"
    li = event.participants.get(full_name="Li Wei")
    assert (li.phone, li.notes) == ("+86 571 8888 8888", "=1+1 | not a formula")


def test_blank_cells_keep_stored_values(event):
    Participant.objects.create(
        event=event, full_name="Li Wei", email="li@example.com", phone="+86 571 1234"
    )
    upload = csv_upload([["Li Wei", "Speaker", "li@example.com", "", ""]])

    apply_import(plan=plan_import(event=event, uploaded_file=upload))

    participant = event.participants.get()
    assert (participant.category, participant.phone) == ("speaker", "+86 571 1234")


def test_two_rows_cannot_update_the_same_participant_by_name(event):
    Participant.objects.create(event=event, full_name="Li Wei")
    upload = csv_upload([["Li Wei", "Speaker", "", "", ""]] * 2)

    plan = plan_import(event=event, uploaded_file=upload)

    assert plan.errors == [
        RowError(
            3,
            "Full name",
            "Line 2 already updates the participant of this name.",
            "Li Wei",
            "Li Wei",
        )
    ]


def test_dates_accept_iso_and_excel_spellings_in_local_time(event):
    upload = csv_upload(
        [
            ["A", "Speaker", "", "", "2026-03-01 09:30"],
            ["B", "Speaker", "", "", "2026-03-01"],
            ["C", "Speaker", "", "", "2026/3/1 9:30"],
            ["D", "Speaker", "", "", "2026-03-01T01:30:00+00:00"],
        ]
    )

    plan = plan_import(event=event, uploaded_file=upload)

    assert [p.registered_at for p in plan.creates] == [
        local(2026, 3, 1, 9, 30),
        local(2026, 3, 1, 0, 0),
        local(2026, 3, 1, 9, 30),
        local(2026, 3, 1, 9, 30),
    ]


def test_plan_queries_do_not_grow_with_rows(event):
    def queries_for(count):
        rows = [
            [f"Guest {n}", "Speaker", f"g{n}@example.com", f"Org {n % 7}", ""]
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            plan_import(event=event, uploaded_file=csv_upload(rows))
        return len(queries)

    Organization.objects.create(name="Org 1")
    Participant.objects.bulk_create(
        Participant(event=event, full_name=f"Guest {n}", email=f"g{n}@example.com")
        for n in range(0, 200, 3)
    )

    # case folding by the database, participants, organizations
    assert queries_for(10) == queries_for(200) == 3


def test_apply_queries_do_not_grow_with_rows(event):
    def queries_for(count):
        Participant.objects.bulk_create(
            Participant(event=event, full_name=f"Old {count} {n}") for n in range(count)
        )
        rows = [
            [f"Old {count} {n}", "Media", "", f"Org {count}", ""] for n in range(count)
        ]
        rows += [[f"New {count} {n}", "Media", "", "", ""] for n in range(count)]
        plan = plan_import(event=event, uploaded_file=csv_upload(rows))
        with CaptureQueriesContext(connection) as queries:
            assert apply_import(plan=plan) == (count, count)
        return len(queries)

    # savepoint, organizations, participants, updates, release
    assert queries_for(10) == queries_for(200) == 6  # with the page-cache bump


def roadshow():
    return Event.objects.create(
        title="Roadshow",
        slug="roadshow-admin",
        kind="roadshow",
        start=timezone.now(),
        end=timezone.now(),
        city="Beijing",
        summary="s",
    )


def test_admin_import_dry_run_then_confirm(admin_client):
    event = roadshow()
    url = reverse("admin:events_event_roster_import", args=[event.pk])
    data = "\ufeffFull name,Category,Email\r\nLan Chen,PCO,lan@example.org\r\n"

    dry = admin_client.post(
        url, {"file": SimpleUploadedFile("r.csv", data.encode("utf-8"))}
    )
    assert "1 participant would be added" in dry.content.decode()
    assert "<td>Lan Chen</td>" in dry.content.decode()  # listed by name
    assert not Participant.objects.exists()

    done = admin_client.post(url, {"token": dry.context["token"]}, follow=True)

    assert "Roster imported: 1 added, 0 updated." in done.content.decode()
    assert Participant.objects.get().email == "lan@example.org"


def test_admin_import_shows_row_errors_and_offers_no_confirm(admin_client):
    event = roadshow()
    url = reverse("admin:events_event_roster_import", args=[event.pk])
    data = "Full name,Category,Email\r\nLan Chen,PCO,not-an-email\r\n"

    response = admin_client.post(
        url, {"file": SimpleUploadedFile("r.csv", data.encode())}
    )

    body = response.content.decode()
    assert "Enter a valid email address." in body
    # Whose row, and the value as the file has it.
    assert "<td>Lan Chen</td>" in body and "<code>not-an-email</code>" in body
    assert 'name="token"' not in body
    assert not Participant.objects.exists()


def test_admin_import_expired_token_is_a_message_not_a_500(admin_client):
    event = roadshow()
    url = reverse("admin:events_event_roster_import", args=[event.pk])

    response = admin_client.post(url, {"token": "../../etc/passwd"}, follow=True)

    assert "That upload has expired" in response.content.decode()


def test_admin_import_confirmed_twice_is_applied_once(admin_client):
    event = roadshow()
    url = reverse("admin:events_event_roster_import", args=[event.pk])
    data = "Full name,Category\r\nNo Email Person,PCO\r\n"
    dry = admin_client.post(url, {"file": SimpleUploadedFile("r.csv", data.encode())})
    token = dry.context["token"]

    admin_client.post(url, {"token": token})
    second = admin_client.post(url, {"token": token}, follow=True)

    assert Participant.objects.count() == 1
    assert "imported already" in second.content.decode()


def test_import_refuses_implausible_years():
    event = roadshow()
    data = "Full name,Category,Registered at\r\nOld,PCO,0001-01-01\r\n"

    plan = plan_import(
        event=event, uploaded_file=SimpleUploadedFile("r.csv", data.encode())
    )

    assert [(e.line, e.column) for e in plan.errors] == [(2, "Registered at")]


def test_organizations_are_matched_and_created_in_either_language(event):
    known = Organization.objects.create(
        name_en="Zhejiang Association", name_zh_hans="浙江省协会"
    )
    upload = csv_upload(
        [
            ["Li Wei", "Speaker", "li@example.com", "浙江省协会", ""],
            ["Zhang Min", "Speaker", "zhang@example.com", "zhejiang ASSOCIATION", ""],
            ["Wang Fang", "Speaker", "wang@example.com", "杭州会议公司", ""],
            ["Anna Berg", "Speaker", "anna@example.com", "New Society", ""],
        ]
    )

    apply_import(plan=plan_import(event=event, uploaded_file=upload))

    by_person = dict(event.participants.values_list("full_name", "organization"))
    assert by_person["Li Wei"] == by_person["Zhang Min"] == known.pk
    chinese = Organization.objects.get(pk=by_person["Wang Fang"])
    english = Organization.objects.get(pk=by_person["Anna Berg"])
    assert (chinese.name_en, chinese.name_zh_hans) == (None, "杭州会议公司")
    assert (english.name_en, english.name_zh_hans) == ("New Society", None)


SHEET = "xl/worksheets/sheet1.xml"
SHEET_START = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData>"
)
SHEET_END = b"</sheetData></worksheet>"


def rebuilt_xlsx(write_sheet, *, extra_entries=0):
    """Return a workbook openpyxl saved, its first sheet written anew."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_upload([]).read()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != SHEET:
                archive.writestr(info, source.read(info))
        with archive.open(SHEET, "w", force_zip64=True) as sheet:
            write_sheet(sheet)
        for n in range(extra_entries):
            archive.writestr(f"customXml/item{n}.xml", "<a/>")
    return SimpleUploadedFile("roster.xlsx", buffer.getvalue())


def bomb_sheet(sheet, megabytes=240):
    """About 240 MB of rows: under the old check's 250 MB, from a 0.3 MB file."""
    row = b'<row><c t="inlineStr"><is><t>Delegate</t></is></c></row>'
    block = row * (1024 * 1024 // len(row))
    sheet.write(SHEET_START)
    for _ in range(megabytes):
        sheet.write(block)
    sheet.write(SHEET_END)


def test_zip_bomb_xlsx_is_refused_quickly_with_a_clear_message(admin_client):
    upload = rebuilt_xlsx(bomb_sheet)
    assert len(upload) < 1024 * 1024
    url = reverse("admin:events_event_roster_import", args=[roadshow().pk])

    started = time.perf_counter()
    response = admin_client.post(url, {"file": upload})
    elapsed = time.perf_counter() - started

    assert response.status_code == 200
    assert "This Excel file unpacks to more than 20.0" in response.content.decode()
    assert elapsed < 2
    assert not PendingImport.objects.exists()


def test_xlsx_of_too_many_parts_is_refused(event):
    upload = rebuilt_xlsx(
        lambda sheet: sheet.write(SHEET_START + SHEET_END), extra_entries=200
    )

    with pytest.raises(ImportFileError, match="holds 2.. parts, more than a workbook"):
        plan_import(event=event, uploaded_file=upload)


def test_xlsx_rows_are_read_only_as_wide_as_the_header(event, monkeypatch):
    def sheet_with_stray_cells(sheet):
        sheet.write(SHEET_START)
        sheet.write(
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>Full name</t></is></c>'
            b'<c r="B1" t="inlineStr"><is><t>Category</t></is></c></row>'
        )
        for n in range(2, 2002):  # each row a cell in the last column, XFD
            sheet.write(
                f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Guest {n}</t></is>'
                f'</c><c r="XFD{n}"><v>1</v></c></row>'.encode()
            )
        sheet.write(SHEET_END)

    upload = rebuilt_xlsx(sheet_with_stray_cells)
    read, convert = [], reading._xlsx_value
    monkeypatch.setattr(reading, "_xlsx_value", lambda v: read.append(1) or convert(v))

    roster = read_roster(upload, max_bytes=10**7)

    assert roster.rows[0] == [2, {"full_name": "Guest 2"}]
    assert len(roster.rows) == 2000
    assert len(read) == 2 + 2 * 2000  # not 16,384 cells a row: 33 million


@pytest.mark.parametrize("make_upload", [csv_upload, xlsx_upload])
def test_reading_stops_at_the_row_limit(event, monkeypatch, make_upload):
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    upload = make_upload([[f"Guest {n}", "Speaker", "", "", ""] for n in range(11)])

    with pytest.raises(ImportFileError) as error:
        plan_import(event=event, uploaded_file=upload)

    assert str(error.value) == "This file has over 10 rows. Split it, please."


# Python's lower() and PostgreSQL's disagree on every one of these pairs.
CASE_ROWS = [
    ["Ayşe Yılmaz", "Speaker", "x@İzmir.org", "İzmir Kongre", ""],
    ["İlker Aydın", "PCO", "", "izmir kongre", ""],
    ["Νίκος Παππάς", "Speaker", "nikos@example.org", "ΕΤΑΙΡΕΙΑ", ""],
    ["Ελένη Ιωάννου", "Speaker", "eleni@example.org", "εταιρεια", ""],
    ["Γιώργος Νικολάου", "Speaker", "giorgos@example.org", "εταιρειας", ""],
    ["Μαρία Σταύρου", "Speaker", "maria@example.org", "ΕΤΑΙΡΕΙΑΣ", ""],
    ["Σοφία Κώστα", "Speaker", "sofia@example.org", "εταιρειασ", ""],
    ["Jürgen Groß", "Media", "juergen@straße.de", "GROẞE MESSE", ""],
    ["Uwe Straße", "Media", "uwe@example.org", "große messe", ""],
    ["Irmak Işık", "Other", "irmak@example.org", "IŞIK TURİZM", ""],
    ["Deniz Kılıç", "Other", "deniz@example.org", "ışık turizm", ""],
]


def test_turkish_greek_and_german_names_import_then_reimport_unchanged(
    admin_client,
):
    event = roadshow()
    izmir = Organization.objects.create(name="izmir kongre", kind="pco")
    ayse = Participant.objects.create(event=event, full_name="A", email="x@izmir.org")
    Participant.objects.create(event=event, full_name="ilker aydın")  # no email
    url = reverse("admin:events_event_roster_import", args=[event.pk])

    def dry_run():
        response = admin_client.post(url, {"file": csv_upload(CASE_ROWS)})
        assert response.status_code == 200
        return response.context["plan"], response.context["token"]

    plan, token = dry_run()
    assert plan.errors == []
    assert (len(plan.creates), len(plan.updates)) == (9, 2)
    done = admin_client.post(url, {"token": token}, follow=True)

    assert "Roster imported: 9 added, 2 updated." in done.content.decode()
    by_person = dict(event.participants.values_list("full_name", "organization"))
    assert by_person["Ayşe Yılmaz"] == by_person["İlker Aydın"] == izmir.pk
    assert event.participants.get(pk=ayse.pk).email == "x@İzmir.org"
    assert event.participants.count() == 11
    # ΕΤΑΙΡΕΙΑ=εταιρεια, ΕΤΑΙΡΕΙΑΣ=εταιρειασ≠εταιρειας, GROẞE=große, IŞIK≠ışık
    assert Organization.objects.count() == 1 + 3 + 1 + 2
    before = stored()
    again, _token = dry_run()
    assert (again.creates, again.updates, again.new_organizations) == ([], [], [])
    assert (again.unchanged, again.errors) == (11, [])
    assert stored() == before


def test_emails_equal_to_the_database_are_one_email_in_a_file(event):
    upload = csv_upload(
        [
            ["Ayşe Yılmaz", "Speaker", "x@İzmir.org", "", ""],
            ["Ayşe Yilmaz", "Speaker", "x@izmir.org", "", ""],
        ]
    )

    plan = plan_import(event=event, uploaded_file=upload)

    assert plan.errors == [
        RowError(
            3, "Email", "This email is also on line 2.", "x@izmir.org", "Ayşe Yilmaz"
        )
    ]


def test_conflict_found_only_when_writing_is_a_message_and_writes_nothing(event):
    plan = plan_import(
        event=event,
        uploaded_file=csv_upload(
            [
                ["Anna Berg", "Speaker", "anna@example.org", "New Society", ""],
                ["Li Wei", "Speaker", "li@example.org", "", ""],
            ]
        ),
    )
    Participant.objects.create(event=event, full_name="B", email="LI@example.org")
    before = stored()

    with pytest.raises(ImportConflictError) as error:
        apply_import(plan=plan)

    assert str(error.value) == (
        "Nothing was imported: This email is already on the roster of this "
        "event. Check the file again; someone may have changed the roster meanwhile."
    )
    assert stored() == before


def test_confirming_replans_stored_rows_without_the_file(admin_client, monkeypatch):
    event = roadshow()
    url = reverse("admin:events_event_roster_import", args=[event.pk])
    rows = [
        ["Lan Chen", "PCO", "lan@example.org", "", ""],
        ["Wu Hao", "Media", "wu@example.org", "", ""],
    ]
    dry = admin_client.post(url, {"file": csv_upload(rows)})
    pending = PendingImport.objects.get()
    assert (len(pending.rows), pending.file_name) == (2, "roster.csv")
    # Someone adds Wu Hao by hand before the import is confirmed.
    Participant.objects.create(event=event, full_name="Wu", email="WU@example.org")

    def no_file(*args, **kwargs):
        raise AssertionError("confirming read a file")

    monkeypatch.setattr(planning, "read_roster", no_file)
    done = admin_client.post(url, {"token": dry.context["token"]}, follow=True)

    assert "Roster imported: 1 added, 1 updated." in done.content.decode()
    assert event.participants.get(email__iexact="wu@example.org").category == "media"
    assert not PendingImport.objects.exists()


def test_a_conflict_at_confirmation_keeps_the_checked_rows(admin_client, monkeypatch):
    event = roadshow()
    url = reverse("admin:events_event_roster_import", args=[event.pk])
    dry = admin_client.post(
        url, {"file": csv_upload([["Lan", "PCO", "lan@x.org", "", ""]])}
    )
    token = dry.context["token"]

    def conflict(**kwargs):
        raise importing.ImportConflictError("Nothing was imported: a conflict.")

    with monkeypatch.context() as patched:
        patched.setattr(importing, "apply_import", conflict)
        refused = admin_client.post(url, {"token": token}, follow=True)

    assert "Nothing was imported: a conflict." in refused.content.decode()
    assert PendingImport.objects.count() == 1  # nothing staff uploaded is lost
    again = admin_client.post(url, {"token": token}, follow=True)
    assert "Roster imported: 1 added, 0 updated." in again.content.decode()
    assert not PendingImport.objects.exists()


def test_a_roster_changed_since_the_check_keeps_the_checked_rows(
    admin_client, monkeypatch
):
    event = roadshow()
    url = reverse("admin:events_event_roster_import", args=[event.pk])
    dry = admin_client.post(url, {"file": csv_upload([["Wu", "PCO", "", "", ""]])})
    planned = importing.plan_roster

    def replanned_with_an_error(**kwargs):
        plan = planned(**kwargs)
        plan.errors.append(importing.RowError(2, "full_name", "Now ambiguous."))
        return plan

    monkeypatch.setattr(importing, "plan_roster", replanned_with_an_error)
    response = admin_client.post(url, {"token": dry.context["token"]}, follow=True)

    body = response.content.decode()
    assert "The roster changed since the file was checked" in body
    assert "Now ambiguous." in body
    assert PendingImport.objects.count() == 1
    assert not event.participants.exists()


def test_applied_import_is_audited_with_counts_only(admin_client, admin_user):
    event = roadshow()
    url = reverse("admin:events_event_roster_import", args=[event.pk])
    dry = admin_client.post(
        url, {"file": csv_upload([["Lan Chen", "PCO", "lan@example.org", "ICCA", ""]])}
    )

    admin_client.post(url, {"token": dry.context["token"]})

    entry = AuditEntry.objects.get(action="roster.import")
    assert (entry.user, entry.subject) == (admin_user, f"event:{event.pk}")
    assert entry.detail == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "organizations_created": 1,
    }


def test_cancelling_deletes_the_checked_rows_at_once(admin_client):
    event = roadshow()
    url = reverse("admin:events_event_roster_import", args=[event.pk])
    dry = admin_client.post(url, {"file": csv_upload([["Lan", "PCO", "", "", ""]])})
    assert "kept for 24 hours at most" in dry.content.decode()

    done = admin_client.post(
        url, {"token": dry.context["token"], "cancel": "1"}, follow=True
    )

    assert "Import cancelled: nothing was saved." in done.content.decode()
    assert not PendingImport.objects.exists()
    assert not Participant.objects.exists()


def test_nobody_else_can_confirm_a_dry_run(admin_client, client, django_user_model):
    event = roadshow()
    url = reverse("admin:events_event_roster_import", args=[event.pk])
    dry = admin_client.post(url, {"file": csv_upload([["Lan", "PCO", "", "", ""]])})
    client.force_login(django_user_model.objects.create_superuser("other", "", "x"))

    response = client.post(url, {"token": dry.context["token"]}, follow=True)

    assert "That upload has expired" in response.content.decode()
    assert not Participant.objects.exists()
    assert PendingImport.objects.exists()


def age(pending, hours):
    PendingImport.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=hours)
    )


def pending_import(event, user):
    return PendingImport.objects.create(event=event, user=user, columns={}, rows=[])


def test_sweep_command_deletes_only_expired_pending_imports(admin_user):
    event = roadshow()
    old, fresh = pending_import(event, admin_user), pending_import(event, admin_user)
    age(old, 25)
    age(fresh, 23)
    out = io.StringIO()

    call_command("sweep_pending_imports", stdout=out)

    assert list(PendingImport.objects.all()) == [fresh]
    assert "1 pending roster import(s) deleted." in out.getvalue()
    entry = AuditEntry.objects.get(action="roster.pending_import_sweep")
    assert (entry.user, entry.detail) == (None, {"deleted": 1})


def test_expired_pending_import_cannot_be_confirmed(admin_client, admin_user):
    event = roadshow()
    url = reverse("admin:events_event_roster_import", args=[event.pk])
    dry = admin_client.post(url, {"file": csv_upload([["Lan", "PCO", "", "", ""]])})
    age(PendingImport.objects.get(), 25)

    response = admin_client.post(url, {"token": dry.context["token"]}, follow=True)

    assert "That upload has expired" in response.content.decode()
    assert not Participant.objects.exists()


def test_a_new_dry_run_sweeps_expired_and_replaces_earlier_pending_imports(
    admin_client, admin_user, django_user_model
):
    event = roadshow()
    someone = django_user_model.objects.create_user("someone")
    expired, kept = pending_import(event, someone), pending_import(event, someone)
    earlier = pending_import(event, admin_user)
    age(expired, 30)
    url = reverse("admin:events_event_roster_import", args=[event.pk])

    admin_client.post(url, {"file": csv_upload([["Lan", "PCO", "", "", ""]])})

    remaining = set(PendingImport.objects.values_list("pk", flat=True))
    assert kept.pk in remaining
    assert not {expired.pk, earlier.pk} & remaining
    assert len(remaining) == 2


def test_imported_organizations_take_the_files_city_and_keep_their_own(event):
    known = Organization.objects.create(
        name="ICCA", kind="association", city="Amsterdam"
    )
    header = ["Full name", "Category", "Organization", "Organization city"]
    upload = csv_upload(
        [
            ["A", "Speaker", "West Lake Hotel", "Hangzhou"],
            ["B", "Speaker", "钱塘会议公司", "杭州"],
            ["C", "Speaker", "ICCA", "Hangzhou"],
        ],
        header=header,
    )

    apply_import(plan=plan_import(event=event, uploaded_file=upload))

    hotel = Organization.objects.get(name_en="West Lake Hotel")
    pco = Organization.objects.get(name_zh_hans="钱塘会议公司")
    known.refresh_from_db()
    assert (hotel.city_en, pco.city_zh_hans, known.city_en) == (
        "Hangzhou",
        "杭州",
        "Amsterdam",
    )


def test_the_import_page_offers_a_template_and_the_values_list_columns_take(
    admin_client,
):
    event = roadshow()
    url = reverse("admin:events_event_roster_import", args=[event.pk])

    page = admin_client.get(url).content.decode()
    template = admin_client.get(
        reverse("admin:events_event_roster_import_template", args=[event.pk])
    )

    assert "Required columns: Full name, Category" in page
    assert "Association representative" in page  # a category, by its label
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(template)))
    headings = [cell.value for cell in next(workbook.active.iter_rows())]
    assert "Organization city" in headings and "Event" not in headings
    assert workbook.active.max_row == 1
