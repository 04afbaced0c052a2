import csv
import datetime
import io
import zoneinfo

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from bench.export_child import roster_paths
from events.exporters import COLUMNS, CSVExporter, RosterExporter, XLSXExporter
from events.forms import RosterExportForm
from events.importing import plan_import
from events.models import Organization, RosterExport
from hangzhou_mice.columns import Text
from tests.factories import EventFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

ALL_COLUMNS = [
    "Full name", "Name in Chinese", "Job title", "Job title in Chinese",
    "Organization",
    "Organization kind", "Category", "Email", "Phone", "Country", "Notes",
    "Public guest", "Registered at", "Checked in at",
]  # fmt: skip
HOSTILE = ["=1+1", "==1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR"]


@pytest.fixture
def event():
    return EventFactory(title="Beijing Roadshow", slug="beijing-roadshow")


def export_url(event):
    return reverse("admin:events_event_roster_export", args=[event.pk])


def download(client, event, **data):
    form = {"file_format": "csv", "columns": list_columns()} | data
    response = client.post(export_url(event), form)
    assert response.status_code == 200, response.content[:500]
    return response


def list_columns():
    return RosterExporter.default_columns()


def body(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return b"".join(response)


def csv_rows(response):
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_has_bom_header_and_chinese_names(admin_client, event):
    ParticipantFactory(event=event, full_name="Tian Mei", chinese_name="田梅")

    response = download(admin_client, event)

    raw = body(response)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ALL_COLUMNS
    assert rows[1][:2] == ["Tian Mei", "田梅"]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert (
        f'filename="beijing-roadshow-roster-{today}.csv"'
        in (response["Content-Disposition"])
    )


def test_csv_carries_the_job_title_in_both_languages(admin_client, event):
    ParticipantFactory(event=event, job_title="Director", chinese_job_title="总监")

    rows = csv_rows(download(admin_client, event))

    titles = [ALL_COLUMNS.index(h) for h in ("Job title", "Job title in Chinese")]
    assert [rows[1][at] for at in titles] == ["Director", "总监"]


def test_csv_quotes_commas_quotes_and_newlines(admin_client, event):
    ParticipantFactory(event=event, notes='Said "hello", then\nleft')

    raw = body(download(admin_client, event, columns=["full_name", "notes"]))

    assert b'"Said ""hello"", then\nleft"\n' in raw  # COPY ends records in LF


def test_exporter_neutralises_formula_cells_in_csv(admin_client, event):
    for n, value in enumerate(HOSTILE):
        ParticipantFactory(event=event, full_name=f"{n:02d}", job_title=value)

    rows = csv_rows(download(admin_client, event, columns=["full_name", "job_title"]))

    cells = [row[1] for row in rows[1:]]
    for value, cell in zip(HOSTILE, cells, strict=True):
        assert cell[0] not in "=+-@\t\r", cell
        assert value in cell  # still readable


def test_xlsx_reads_back_as_the_csv_rows_with_text_cells(admin_client, event):
    checked = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=SHANGHAI)
    ParticipantFactory(event=event, chinese_name="田梅", checked_in_at=checked)
    ParticipantFactory(event=event, job_title="==1+1")

    csv_data = csv_rows(download(admin_client, event))
    response = download(admin_client, event, file_format="xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    assert sheet.freeze_panes == "A2"
    rows = [
        ["" if v is None else v for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    assert rows[0] == csv_data[0]
    checked_column = ALL_COLUMNS.index("Checked in at")
    dated = [row for row in rows[1:] if row[checked_column]]
    assert dated[0][checked_column] == checked.replace(tzinfo=None)
    for sheet_row, csv_row in zip(rows[1:], csv_data[1:], strict=True):
        as_text = [
            v.strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime.datetime) else v
            for v in sheet_row
        ]
        assert as_text == [c.removeprefix("'") for c in csv_row]
    formula_cells = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formula_cells == []


def test_export_filters_by_category_and_check_in(admin_client, event):
    ParticipantFactory(
        event=event,
        full_name="Speaker in",
        category="speaker",
        checked_in_at=timezone.now(),
    )
    ParticipantFactory(event=event, full_name="Speaker out", category="speaker")
    ParticipantFactory(
        event=event, full_name="PCO in", category="pco", checked_in_at=timezone.now()
    )

    rows = csv_rows(
        download(
            admin_client,
            event,
            columns=["full_name"],
            categories=["speaker"],
            checked_in="yes",
        )
    )

    assert rows == [["Full name"], ["Speaker in"]]


def test_export_is_streamed_with_constant_queries(admin_client, event):
    ParticipantFactory.create_batch(5, event=event)
    with CaptureQueriesContext(connection) as few:
        csv_rows(download(admin_client, event))
    ParticipantFactory.create_batch(60, event=event)

    with CaptureQueriesContext(connection) as many:
        response = download(admin_client, event)
        assert response.streaming
        assert len(csv_rows(response)) == 66

    assert len(many.captured_queries) == len(few.captured_queries)


def test_every_export_is_logged(admin_client, admin_user, event):
    ParticipantFactory.create_batch(3, event=event)

    download(admin_client, event, columns=["full_name", "email"], checked_in="no")

    log = RosterExport.objects.get()
    assert (log.user, log.event, log.format, log.row_count) == (
        admin_user,
        event,
        "csv",
        3,
    )
    assert log.filters == {
        "categories": [],
        "checked_in": "no",
        "columns": ["full_name", "email"],
    }


def test_export_log_is_read_only_even_for_bureau_admins(client, staff_member):
    staff_member("Bureau admin")
    log = RosterExport.objects.create(format="csv", row_count=1)

    assert (
        client.get(reverse("admin:events_rosterexport_changelist")).status_code == 200
    )
    change = client.post(
        reverse("admin:events_rosterexport_change", args=[log.pk]), {"row_count": 9}
    )
    delete = client.post(
        reverse("admin:events_rosterexport_delete", args=[log.pk]), {"post": "yes"}
    )
    assert change.status_code == 403
    assert delete.status_code == 403
    assert RosterExport.objects.get().row_count == 1


@pytest.mark.parametrize(
    ("role", "expected"),
    [("Event staff", 200), ("Editor", 403), ("Bureau admin", 200)],
)
def test_export_and_import_urls_follow_the_roles(
    client, staff_member, event, role, expected
):
    staff_member(role)

    assert client.get(export_url(event)).status_code == expected
    import_url = reverse("admin:events_event_roster_import", args=[event.pk])
    assert client.get(import_url).status_code == expected


def test_export_button_only_for_those_who_may_export(client, staff_member, event):
    staff_member("Editor")
    page = client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert "Export roster" not in page.content.decode()

    staff_member("Event staff")
    page = client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert "Export roster" in page.content.decode()


def test_anonymous_export_goes_to_login(client, event):
    response = client.get(export_url(event))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_unknown_event_export_is_404(admin_client):
    response = admin_client.get(
        reverse("admin:events_event_roster_export", args=[99999])
    )

    assert response.status_code == 404


def test_staff_can_export_the_roster_of_a_draft_event(admin_client):
    draft = EventFactory(draft=True)
    ParticipantFactory(event=draft)

    assert len(csv_rows(download(admin_client, draft))) == 2


def test_admin_action_exports_the_selection(client, staff_member, event):
    staff_member("Event staff")
    chosen = ParticipantFactory.create_batch(2, event=event)
    ParticipantFactory(event=event)

    response = client.post(
        reverse("admin:events_participant_changelist"),
        {"action": "export_xlsx", "_selected_action": [p.pk for p in chosen]},
    )

    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    assert sheet.max_row == 3
    assert RosterExport.objects.get().source == "admin action"


def test_export_actions_hidden_without_permission(client, event, staff_member):
    staff_member(None, "view_participant", username="viewer")
    chosen = ParticipantFactory(event=event)

    page = client.get(reverse("admin:events_participant_changelist"))
    forced = client.post(
        reverse("admin:events_participant_changelist"),
        {"action": "export_csv", "_selected_action": [chosen.pk]},
    )

    # No action at all is theirs (no export, no check-in), so the list offers
    # none, and a forced one only shows the list again.
    assert page.context["action_form"] is None
    assert not RosterExport.objects.exists()
    assert forced.status_code == 200
    assert forced.templates[0].name == "admin/events/participant/change_list.html"


def test_export_of_several_events_names_the_event(admin_client):
    first, second = EventFactory(title="Forum A"), EventFactory(title="Forum B")
    chosen = [ParticipantFactory(event=first), ParticipantFactory(event=second)]

    response = admin_client.post(
        reverse("admin:events_participant_changelist"),
        {"action": "export_csv", "_selected_action": [p.pk for p in chosen]},
    )

    rows = csv_rows(response)
    assert rows[0][0] == "Event"
    assert sorted(row[0] for row in rows[1:]) == ["Forum A", "Forum B"]


def test_export_log_keeps_names_after_deletion(admin_client, event):
    ParticipantFactory(event=event)
    download(admin_client, event)

    event.delete()

    log = RosterExport.objects.get()
    assert (log.event, log.event_title, log.username) == (
        None,
        "Beijing Roadshow",
        "admin",
    )


def test_export_command_writes_a_file_and_logs_it(tmp_path, event, capsys, admin_user):
    ParticipantFactory.create_batch(3, event=event)
    output = tmp_path / "roster.xlsx"

    call_command(
        "export_roster",
        "beijing-roadshow",
        *("--format", "xlsx", "--output", str(output), "--user", "admin"),
    )

    sheet = openpyxl.load_workbook(output).active
    assert sheet.max_row == 4
    log = RosterExport.objects.get()
    assert (log.source, log.user, log.username) == ("command", admin_user, "admin")
    assert "3 rows" in capsys.readouterr().err


def test_export_command_refuses_unknown_event(tmp_path, admin_user):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No event with the slug"):
        call_command(
            "export_roster",
            "nope",
            "--output",
            str(tmp_path / "x.csv"),
            "--user",
            "admin",
        )
    assert not RosterExport.objects.exists()


def test_export_command_refuses_unknown_user(tmp_path, event):
    from django.core.management.base import CommandError

    output = tmp_path / "x.csv"
    with pytest.raises(CommandError, match="No user with the username 'ghost'"):
        call_command(
            "export_roster", event.slug, "--output", str(output), "--user", "ghost"
        )
    assert not output.exists()
    assert not RosterExport.objects.exists()


def exported(exporter_class, event):
    """Return the rows of an export of the event's roster with default columns."""
    buffer = io.BytesIO()
    exporter_class(event.participants.all()).write(buffer)
    if exporter_class is CSVExporter:
        return list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(buffer).active
    return [["" if v is None else v for v in row] for row in sheet.values]


def form_columns():
    return dict(RosterExportForm().fields["columns"].choices)


def imported(event, header, row):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, row])
    upload = SimpleUploadedFile("r.csv", buffer.getvalue().encode())
    plan = plan_import(event=event, uploaded_file=upload)
    assert plan.ok, plan.errors
    return plan.creates[0]


def test_one_registry_entry_adds_a_column_everywhere(monkeypatch, event):
    # An existing field under a new identifier and heading stands for a new one.
    monkeypatch.setitem(COLUMNS, "position", Text("position", "Position", "job_title"))
    ParticipantFactory(event=event, full_name="Li Wei", job_title="Chair")

    for exporter_class in (CSVExporter, XLSXExporter):
        header, row = exported(exporter_class, event)
        assert (header[-1], row[-1]) == ("Position", "Chair")
    assert form_columns()["position"] == "Position"
    assert "position" in RosterExportForm()["columns"].initial
    participant = imported(
        event, ["Full name", "Category", "Position"], ["A", "PCO", "Dean"]
    )
    assert participant.job_title == "Dean"
    assert roster_paths()[-1] == "job_title"  # the benchmark's anchors


def test_a_column_left_out_of_the_registry_is_gone_everywhere(monkeypatch, event):
    monkeypatch.delitem(COLUMNS, "phone")
    ParticipantFactory(event=event, phone="+86 571 8888 8888")

    for exporter_class in (CSVExporter, XLSXExporter):
        header, row = exported(exporter_class, event)
        assert "Phone" not in header
        assert not any("8888" in str(cell) for cell in row)
    assert "phone" not in form_columns()
    participant = imported(event, ["Full name", "Category", "Phone"], ["A", "PCO", "1"])
    assert participant.phone == ""
    assert "phone" not in roster_paths()


def test_csv_neutralises_formulas_in_every_text_column(
    monkeypatch, admin_client, event
):
    hyperlink = '=HYPERLINK("http://evil.example","click")'
    monkeypatch.setitem(COLUMNS["category"].labels, "speaker", hyperlink)
    monkeypatch.setitem(COLUMNS["organization_kind"].labels, "pco", "@SUM(A1)|x")
    ParticipantFactory(
        event=event,
        full_name="=1+1",
        chinese_name="+SUM(A1)",
        job_title="-2+3",
        email="@cmd",
        phone="+86 571 8888 8888",  # not a plain number, so guarded too
        country="\tTAB",
        notes="\rCR",
        category="speaker",
        organization=Organization.objects.create(name="%PCO", kind="pco"),
    )
    ParticipantFactory(event=event, full_name="Plain", job_title="-2.5", notes="-7")

    header, *rows = csv_rows(download(admin_client, event))

    hostile, plain = sorted(rows, key=lambda row: row[0] == "Plain")
    for heading, cell in zip(header, hostile, strict=True):
        assert cell[:1] not in ("=", "+", "-", "@", "%", "|", "\t", "\r"), heading
    cells = dict(zip(header, hostile, strict=True))
    assert cells["Category"] == "'" + hyperlink
    assert cells["Organization kind"] == "'@SUM(A1)\\|x"
    assert (cells["Organization"], cells["Phone"]) == ("'%PCO", "'+86 571 8888 8888")
    assert (cells["Country"], cells["Notes"]) == ("'\tTAB", "'\rCR")
    plain_cells = dict(zip(header, plain, strict=True))
    assert (plain_cells["Job title"], plain_cells["Notes"]) == ("-2.5", "-7")


@pytest.mark.parametrize("exporter_class", [CSVExporter, XLSXExporter])
def test_export_names_organizations_in_the_staff_members_language(
    event, exporter_class
):
    both = Organization.objects.create(
        name_en="Zhejiang Society", name_zh_hans="浙江学会"
    )
    english_only = Organization.objects.create(name_en="ICCA")
    ParticipantFactory(event=event, full_name="A", organization=both)
    ParticipantFactory(event=event, full_name="B", organization=english_only)

    def organizations(language):
        buffer = io.BytesIO()
        with translation.override(language):
            exporter = exporter_class(
                event.participants.order_by("full_name"),
                columns=["full_name", "organization"],
            )
            exporter.write(buffer)
        if exporter_class is CSVExporter:
            rows = list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8-sig"))))
        else:
            sheet = openpyxl.load_workbook(buffer).active
            rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        return [row[1] for row in rows[1:]]

    assert organizations("en") == ["Zhejiang Society", "ICCA"]
    assert organizations("zh-hans") == ["浙江学会", "ICCA"]


def test_the_export_form_tells_staff_which_format_to_choose(admin_client, event):
    page = admin_client.get(export_url(event), headers={"accept-language": "zh-hans"})

    text = page.content.decode()
    assert "电话号码、0012 这样的编号和日期都保持原样" in text
    assert "撇号" in text  # the formula guard is explained, not hidden
