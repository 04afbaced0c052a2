"""Roster retention: delegates are anonymised once their event's roster is due."""

import contextlib
import datetime
import io
import stat
import zoneinfo

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from events import tasks
from events.models import (
    Event,
    Organization,
    Participant,
    PendingImport,
    RosterExport,
    RosterExportJob,
)
from events.retention import roster_purge
from hangzhou_mice.models import AuditEntry
from tests.events.test_data_subject import finished_job
from tests.factories import EventFactory, OrganizationFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

HANGZHOU = zoneinfo.ZoneInfo("Asia/Shanghai")
# 01:00 in Hangzhou is still the 10th in UTC: the local date is what counts.
ENDS = datetime.datetime(2025, 3, 11, 1, 0, tzinfo=HANGZHOU)
SECRETS = (
    "Lan Zhou",
    "周岚",
    "lan.zhou@example.org",
    "+86 571 1234 5678",
    "Limnologist",
    "Vegetarian, arrives late",
    "Bo Chen",
    "bo.chen@example.org",
)


def at(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=HANGZHOU)


@pytest.fixture
def roster(time_machine):
    """A past event: two delegates, a bureau host and a public speaker."""
    time_machine.move_to(at(2025, 3, 1), tick=False)
    event = EventFactory(
        title="Lake Forum", start=ENDS - datetime.timedelta(days=2), end=ENDS
    )
    society = OrganizationFactory(name="Lakes Society", kind="association")
    pco = OrganizationFactory(name="West Lake PCO", kind="pco")
    delegates = [
        ParticipantFactory(
            event=event,
            full_name="Lan Zhou",
            chinese_name="周岚",
            email="lan.zhou@example.org",
            phone="+86 571 1234 5678",
            job_title="Limnologist",
            notes="Vegetarian, arrives late",
            country="Italy",
            organization=society,
        ),
        ParticipantFactory(
            event=event,
            full_name="Bo Chen",
            email="bo.chen@example.org",
            organization=pco,
            category=Participant.Category.PCO,
        ),
        ParticipantFactory(
            event=event,
            full_name="Host Li",
            category=Participant.Category.BUREAU_STAFF,
        ),
    ]
    speaker = ParticipantFactory(
        event=event,
        full_name="Professor Wu",
        email="wu@example.org",
        is_public=True,
        category=Participant.Category.SPEAKER,
    )
    return event, delegates, speaker


def log(participant, flag=CHANGE, message=""):
    LogEntry.objects.log_actions(
        user_id=admin_account().pk,
        queryset=[participant],
        action_flag=flag,
        change_message=message,
        single_object=True,
    )


def admin_account():
    model = get_user_model()
    return model.objects.filter(username="admin").first() or (
        model.objects.create_superuser("admin", "admin@example.org", "pw")
    )


def pending_upload(event, *names):
    return PendingImport.objects.create(
        event=event,
        user=admin_account(),
        file_name="roster.xlsx",
        columns={"full_name": "Full name", "email": "Email"},
        rows=[
            [line, {"full_name": name, "email": "bo.chen@example.org"}]
            for line, name in enumerate(names, start=2)
        ],
    )


def text_columns():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type IN "
            "('text', 'character varying', 'jsonb', 'json')"
        )
        return cursor.fetchall()


def tables_holding(text):
    """Every (table, column) of the database whose text contains `text`."""
    found = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            quoted = connection.ops.quote_name
            cursor.execute(
                f"SELECT 1 FROM {quoted(table)} "  # noqa: S608  (names from the catalogue)
                f"WHERE {quoted(column)}::text ILIKE %s LIMIT 1",
                [f"%{text}%"],
            )
            if cursor.fetchone():
                found.append(f"{table}.{column}")
    return found


def purge(*args):
    out = io.StringIO()
    call_command("purge_rosters", *args, stdout=out)
    return out.getvalue()


def test_roster_is_due_the_day_after_its_retention_day_in_hangzhou(
    roster, time_machine
):
    event, _delegates, _speaker = roster

    time_machine.move_to(at(2026, 3, 11, 23), tick=False)
    assert not Event.objects.roster_due().exists()
    assert event.roster_retention_date() == datetime.date(2026, 3, 11)

    time_machine.move_to(at(2026, 3, 12, 0), tick=False)
    assert list(Event.objects.roster_due()) == [event]


def test_retention_months_come_from_the_setting(roster, time_machine, settings):
    event, _delegates, _speaker = roster
    settings.ROSTER_RETENTION_MONTHS = 1
    time_machine.move_to(at(2025, 4, 12), tick=False)

    assert list(Event.objects.roster_due()) == [event]


def test_an_events_own_retention_day_replaces_the_default(roster, time_machine):
    event, _delegates, _speaker = roster
    Event.objects.filter(pk=event.pk).update(
        retain_roster_until=datetime.date(2025, 6, 30)
    )
    time_machine.move_to(at(2025, 7, 1), tick=False)

    assert list(Event.objects.roster_due()) == [event]


def test_retention_day_before_the_event_ends_is_refused(roster):
    event, _delegates, _speaker = roster
    event.retain_roster_until = datetime.date(2025, 3, 10)

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "retain_roster_until" in error.value.message_dict


def test_nothing_is_purged_before_the_retention_day(roster, time_machine):
    event, delegates, _speaker = roster
    pending_upload(event, "Bo Chen")
    time_machine.move_to(at(2026, 3, 11), tick=False)

    output = purge()

    assert "No roster is due." in output
    assert Participant.objects.get(pk=delegates[0].pk).email == "lan.zhou@example.org"
    assert PendingImport.objects.filter(event=event).exists()
    assert not AuditEntry.objects.filter(action="roster.purge").exists()


def test_purge_leaves_no_delegate_name_email_or_phone_in_any_table(
    roster, time_machine
):
    event, delegates, _speaker = roster
    log(delegates[0], ADDITION)
    log(delegates[0], CHANGE, "Changed email to lan.zhou@example.org")
    log(delegates[1])
    pending_upload(event, "Bo Chen", "Lan Zhou")
    for secret in SECRETS:
        assert tables_holding(secret), secret  # the search below can find them
    time_machine.move_to(at(2026, 3, 12), tick=False)

    purge()

    assert {secret: tables_holding(secret) for secret in SECRETS} == {
        secret: [] for secret in SECRETS
    }
    assert set(LogEntry.objects.values_list("object_repr", flat=True)) == {
        "Erased participant"
    }


def test_purge_keeps_public_guests_as_they_are(roster, time_machine):
    _event, _delegates, speaker = roster
    time_machine.move_to(at(2026, 3, 12), tick=False)

    purge()

    kept = Participant.objects.get(pk=speaker.pk)
    assert (kept.full_name, kept.email, kept.is_public) == (
        "Professor Wu",
        "wu@example.org",
        True,
    )


def test_purge_keeps_organizations_and_categories_of_delegates(roster, time_machine):
    _event, delegates, _speaker = roster
    time_machine.move_to(at(2026, 3, 12), tick=False)

    purge()

    lan = Participant.objects.get(pk=delegates[0].pk)
    assert (lan.full_name, lan.chinese_name, lan.email, lan.phone, lan.country) == (
        "Erased participant",
        "",
        "",
        "",
        "",
    )
    assert (lan.organization.name, lan.category) == ("Lakes Society", "association")
    assert Organization.objects.filter(name="West Lake PCO").exists()


def test_public_participation_summary_says_the_same_after_a_purge(
    client, roster, time_machine
):
    event, _delegates, _speaker = roster
    time_machine.move_to(at(2026, 3, 12), tick=False)
    summary = event.participants.organization_summary()
    before = client.get(event.get_absolute_url()).content.decode()

    purge()

    cache.clear()  # the page cache would answer with the page from before
    after = client.get(event.get_absolute_url()).content.decode()
    assert event.participants.organization_summary() == summary
    assert [(group, n) for group, n, _city in summary] == [
        ("associations", 1),
        ("pcos", 1),
    ]
    assert participation(after) == participation(before)
    assert "Professor Wu" in after


def participation(page):
    start = page.index('<p class="participation">')
    return page[start : page.index("</p>", start)]


def test_purge_is_idempotent(roster, time_machine):
    event, _delegates, _speaker = roster
    time_machine.move_to(at(2026, 3, 12), tick=False)
    first = roster_purge(event=event)
    rows = list(Participant.objects.order_by("pk").values())

    second = roster_purge(event=event)

    assert (first["participants"], second["participants"]) == (3, 0)
    assert list(Participant.objects.order_by("pk").values()) == rows
    assert "No roster is due." in purge()


def test_a_delegate_added_after_a_purge_goes_at_the_next_run(roster, time_machine):
    event, _delegates, _speaker = roster
    time_machine.move_to(at(2026, 3, 12), tick=False)
    purge()
    time_machine.move_to(at(2026, 3, 13), tick=False)
    late = ParticipantFactory(event=event, email="late@example.org")

    purge()

    assert Participant.objects.get(pk=late.pk).email == ""


def test_purge_deletes_pending_uploads_of_that_event_only(roster, time_machine):
    event, _delegates, _speaker = roster
    pending_upload(event, "Bo Chen")
    other = pending_upload(EventFactory(), "Someone Else")
    time_machine.move_to(at(2026, 3, 12), tick=False)

    purge()

    assert list(PendingImport.objects.all()) == [other]


def test_purge_marks_the_roster_and_writes_one_audit_entry(roster, time_machine):
    event, delegates, _speaker = roster
    log(delegates[0])
    time_machine.move_to(at(2026, 3, 12), tick=False)

    purge()

    event.refresh_from_db()
    assert event.roster_purged_at == at(2026, 3, 12)
    entry = AuditEntry.objects.get(action="roster.purge")
    assert entry.subject == f"event:{event.pk}"
    assert entry.detail == {
        "participants": 3,
        "admin_log_entries": 1,
        "pending_imports": 0,
        "export_jobs": 0,
    }


def test_dry_run_lists_due_rosters_and_changes_nothing(roster, time_machine):
    event, delegates, _speaker = roster
    time_machine.move_to(at(2026, 3, 12), tick=False)

    output = purge("--dry-run")

    assert "lake-forum: ended 2025-03-11, roster kept until 2026-03-11" in output
    assert "3 non-public entries" in output
    assert Participant.objects.get(pk=delegates[1].pk).full_name == "Bo Chen"


def test_one_event_is_purged_now_once_confirmed(roster, time_machine, monkeypatch):
    event, delegates, _speaker = roster
    time_machine.move_to(at(2025, 3, 12), tick=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    purge("--event", "LAKE-FORUM")
    assert Participant.objects.get(pk=delegates[0].pk).full_name == "Lan Zhou"

    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    purge("--event", "lake-forum")

    assert Participant.objects.get(pk=delegates[0].pk).full_name == (
        "Erased participant"
    )


def test_unknown_event_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No event with the slug 'nowhere'"):
        purge("--event", "nowhere", "--no-input")


def test_export_first_keeps_the_full_roster_in_a_private_file(
    roster, time_machine, tmp_path, admin_user
):
    event, delegates, _speaker = roster
    time_machine.move_to(at(2026, 3, 12), tick=False)

    purge("--export-first", str(tmp_path), "--format", "csv", "--user", "admin")

    (written,) = tmp_path.iterdir()
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    content = written.read_text(encoding="utf-8-sig")
    assert "lan.zhou@example.org" in content
    assert "Professor Wu" in content
    assert RosterExport.objects.get().source == "purge"
    assert Participant.objects.get(pk=delegates[0].pk).email == ""


def test_export_first_for_someone_who_may_not_export_erases_nothing(
    roster, time_machine, tmp_path, django_user_model
):
    _event, delegates, _speaker = roster
    django_user_model.objects.create_user("clerk", is_staff=True)
    time_machine.move_to(at(2026, 3, 12), tick=False)

    with pytest.raises(CommandError, match="may not export rosters"):
        purge("--export-first", str(tmp_path), "--user", "clerk")

    assert Participant.objects.get(pk=delegates[0].pk).full_name == "Lan Zhou"
    assert not list(tmp_path.iterdir())


def test_export_first_needs_a_user(roster, tmp_path):
    with pytest.raises(CommandError, match="needs --user"):
        purge("--export-first", str(tmp_path))


def delete_logged(participant):
    log(participant)
    log(participant, DELETION)
    participant.delete()


def test_names_of_deleted_delegates_leave_the_admin_log_after_the_period(
    roster, time_machine
):
    _event, delegates, _speaker = roster
    delete_logged(delegates[1])
    time_machine.move_to(at(2026, 3, 1), tick=False)
    recent = ParticipantFactory(full_name="Recently Deleted")
    delete_logged(recent)
    time_machine.move_to(at(2026, 3, 2), tick=False)

    purge()

    assert tables_holding("Bo Chen") == []
    assert tables_holding("Recently Deleted") == ["django_admin_log.object_repr"]
    assert AuditEntry.objects.get(action="roster.purge_deleted").detail == {
        "admin_log_entries": 2
    }


@pytest.mark.parametrize("when", ["due", "--event"])
def test_purge_deletes_the_export_files_of_that_roster(
    roster, time_machine, settings, tmp_path, django_capture_on_commit_callbacks, when
):
    event, _delegates, _speaker = roster
    settings.ROSTER_EXPORT_DIR = tmp_path
    theirs = finished_job(event, admin_account(), tmp_path)
    other = finished_job(EventFactory(), admin_account(), tmp_path)
    time_machine.move_to(at(2026, 3, 12), tick=False)

    with django_capture_on_commit_callbacks(execute=True):
        output = (
            purge() if when == "due" else purge("--event", event.slug, "--no-input")
        )

    assert list(tmp_path.iterdir()) == [other.path]
    theirs.refresh_from_db()
    assert (theirs.state, theirs.error) == ("failed", withdrawn("zh-hans"))
    assert "1 export jobs withdrawn, their files deleted" in output
    entry = AuditEntry.objects.get(action="roster.purge")
    assert entry.detail["export_jobs"] == 1


def withdrawn(language):
    with translation.override(language):
        return str(tasks.WITHDRAWN)


@pytest.mark.parametrize("written", [True, False], ids=["written", "failed"])
def test_an_export_running_while_its_roster_is_purged_leaves_no_file(
    roster, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks, written
):
    event, _delegates, _speaker = roster
    settings.ROSTER_EXPORT_DIR = tmp_path
    job = RosterExportJob.objects.create(
        event=event,
        user=admin_account(),
        options={"file_format": "csv", "columns": ["email"], "filters": {}},
        language="en",
    )
    write = tasks.write_private

    def purged_meanwhile(path, exporter, progress):
        # The export read the roster before the purge committed.
        with django_capture_on_commit_callbacks(execute=True):
            roster_purge(event=event)
        if not written:
            raise OSError(28, "No space left on device")
        write(path, exporter, progress)

    monkeypatch.setattr(tasks, "write_private", purged_meanwhile)

    with contextlib.nullcontext() if written else pytest.raises(OSError):
        tasks.roster_export_job_run.call(job.pk)

    assert list(tmp_path.iterdir()) == []
    job.refresh_from_db()
    # The job page says why, not that the disk was full or that it is ready.
    assert (job.state, job.error) == ("failed", withdrawn("en"))
