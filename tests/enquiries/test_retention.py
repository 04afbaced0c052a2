"""purge_leads: the planner's personal data goes LEAD_RETENTION_MONTHS
after the lead's last change, with its mails and task rows, while the
meeting stays for the figures; counts of the hour go after a day."""

import datetime
import io
import zoneinfo

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult, get_date_max

from bureau.models import Bureau
from enquiries.models import PERSONAL_FIELDS, Lead, Mail, Throttle
from enquiries.services import lead_submit
from hangzhou_mice.models import AuditEntry
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

HANGZHOU = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.datetime(2027, 3, 10, 9, 0, tzinfo=HANGZHOU)


@pytest.fixture
def immediate_tasks(settings):
    """Here the send tasks wait in the database queue, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def submitted_on(time_machine, django_capture_on_commit_callbacks):
    """A lead submitted (two mails, two task rows) at `moment`."""
    Bureau.objects.filter(pk=Bureau.ID).update(enquiry_email="meetings@bureau.example")

    def submit(moment, name):
        time_machine.move_to(moment, tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            return lead_submit(
                lead=LeadFactory.build(name=name), client_address="203.0.113.5"
            )

    return submit


def other_task_row(args):
    """A task of another kind whose argument happens to be a mail's id."""
    return DBTaskResult.objects.create(
        status="READY",
        args_kwargs={"args": args, "kwargs": {}},
        task_path="hangzhou_mice.tasks.image_renditions_make",
        backend_name="default",
        run_after=get_date_max(),
    )


def purge(*options):
    out = io.StringIO()
    call_command("purge_leads", *options, stdout=out)
    return out.getvalue()


def test_personal_data_goes_a_day_past_retention_with_mails_and_task_rows(
    settings, submitted_on, time_machine
):
    settings.LEAD_RETENTION_MONTHS = 24
    past = submitted_on(TODAY.replace(year=2025, day=9), "A day past")
    # Kept through the last day of the 24 months, by Hangzhou's calendar
    # (at 07:00 there it is still the day before in UTC).
    submitted_on(TODAY.replace(year=2025, hour=7), "Its last day")
    submitted_on(TODAY.replace(year=2025, day=11), "A day inside")
    past_mails = list(past.mails.values_list("pk", flat=True))
    unrelated = other_task_row([past_mails[0]])
    kept_mails = set(Mail.objects.exclude(lead=past).values_list("pk", flat=True))
    time_machine.move_to(TODAY, tick=False)

    output = purge()

    assert sorted(Lead.objects.values_list("name", flat=True)) == [
        "",
        "A day inside",
        "Its last day",
    ]
    erased = Lead.objects.get(pk=past.pk)
    assert [getattr(erased, name) for name in PERSONAL_FIELDS] == [""] * 5
    assert erased.erased_at == TODAY
    assert (erased.meeting_name, erased.delegates) == (past.meeting_name, 800)
    assert set(Mail.objects.values_list("pk", flat=True)) == kept_mails
    remaining = {row.pk: row.args_kwargs["args"] for row in DBTaskResult.objects.all()}
    assert remaining.pop(unrelated.pk) == [past_mails[0]]  # not a send task
    assert sorted(args[0] for args in remaining.values()) == sorted(kept_mails)
    assert output == (
        "Erased the personal data of 1 leads, with 2 mails, 2 task rows and "
        "6 enquiry counts.\n"
    )
    assert purge().startswith("Erased the personal data of 0 leads")
    audit = AuditEntry.objects.get(action="lead.purge")
    assert audit.detail == {"leads": 1, "mails": 2, "task_results": 2, "throttles": 6}


def test_a_change_to_a_lead_keeps_it_longer(settings, submitted_on, time_machine):
    settings.LEAD_RETENTION_MONTHS = 24
    lead = submitted_on(datetime.datetime(2025, 3, 1, 12, 0, tzinfo=HANGZHOU), "Ana")
    time_machine.move_to(datetime.datetime(2025, 3, 11, 12, 0, tzinfo=HANGZHOU))
    lead.status = Lead.Status.NEW
    lead.save()
    time_machine.move_to(TODAY, tick=False)

    purge()

    assert Lead.objects.filter(pk=lead.pk).exists()


def test_counts_of_the_hour_go_once_a_day_old(submitted_on, time_machine):
    submitted_on(TODAY - datetime.timedelta(days=1, minutes=1), "Older")
    submitted_on(TODAY - datetime.timedelta(hours=23, minutes=59), "Younger")
    time_machine.move_to(TODAY, tick=False)

    purge()

    assert Throttle.objects.count() == 2  # the younger lead's address and inbox
    assert Lead.objects.count() == 2


def test_dry_run_counts_and_deletes_nothing(settings, submitted_on, time_machine):
    settings.LEAD_RETENTION_MONTHS = 1
    submitted_on(datetime.datetime(2027, 1, 5, 9, 0, tzinfo=HANGZHOU), "Due")
    time_machine.move_to(TODAY, tick=False)

    output = purge("--dry-run")

    assert output == (
        "Would erase the personal data of 1 leads, with 2 mails, 2 task rows "
        "and 2 enquiry counts.\n"
    )
    assert (Lead.objects.get().name, Mail.objects.count()) == ("Due", 2)
    assert (DBTaskResult.objects.count(), Throttle.objects.count()) == (2, 2)
    assert not AuditEntry.objects.exists()
