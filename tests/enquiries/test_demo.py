import datetime
import re

import pytest
from django.utils import timezone

from enquiries.demo_pipeline import FORMER_CONTRIBUTIONS, demo_leads, load_pipeline
from enquiries.models import REFERENCE_ALPHABET, Lead
from tests.demo import load_demo

pytestmark = pytest.mark.django_db

Status = Lead.Status
FORUM, TEA, SCIENCES = FORMER_CONTRIBUTIONS
# Early in a year, when the current year has had only a day.
NEW_YEAR = datetime.datetime(2031, 1, 2, 8, 30, tzinfo=datetime.UTC)


@pytest.fixture
def demo(settings):
    settings.DEMO_ADMIN_PASSWORD = "demo-pass-for-tests"
    load_demo()


def test_demo_pipeline_has_leads_in_every_status_and_lost_for_several_reasons(demo):
    leads = demo_leads()
    lost = leads.filter(status=Status.LOST)

    assert set(leads.values_list("status", flat=True)) == set(Status.values)
    assert lost.filter(lost_to="").count() == 0
    assert len(set(lost.values_list("lost_reason", flat=True))) >= 4


def test_demo_references_are_fixed_and_readable_aloud():
    letters = f"[{REFERENCE_ALPHABET}]{{4}}"

    load_pipeline()

    references = demo_leads().values_list("reference", flat=True)
    assert all(re.fullmatch(f"HZ-DEMP-{letters}", r) for r in references)


def test_demo_won_lead_links_its_published_event(demo):
    forum = Lead.objects.get(meeting_name=FORUM)

    assert forum.status == Status.WON
    assert forum.won_event.is_published and forum.is_held


def test_the_ambassadors_former_contributions_are_on_their_profiles(demo, client):
    shown = {}
    for slug, meeting in (
        ("tian-mei", SCIENCES),
        ("lin-yanshi", TEA),
        ("chen-shifan", FORUM),
    ):
        body = client.get(f"/en/ambassadors/{slug}/").content.decode()
        assert meeting in body
        shown[slug] = re.search(r'status--(\w+)">', body)[1]

    assert shown == {"tian-mei": "bidding", "lin-yanshi": "won", "chen-shifan": "held"}


def test_no_lost_or_withdrawn_demo_lead_is_on_a_profile(demo, client):
    closed = demo_leads().filter(
        status__in=[Status.LOST, Status.WITHDRAWN], ambassador__isnull=False
    )
    slugs = {lead.ambassador.slug for lead in closed}
    bodies = [client.get(f"/en/ambassadors/{s}/").content.decode() for s in slugs]

    assert len(slugs) >= 2
    assert not [lead for lead in closed for b in bodies if lead.meeting_name in b]


@pytest.mark.parametrize("now", [None, NEW_YEAR], ids=["today", "new-year"])
def test_demo_leads_are_spread_over_three_years(time_machine, now):
    if now:
        time_machine.move_to(now, tick=False)
    this_year = timezone.localdate().year

    load_pipeline()

    leads = demo_leads().exclude(meeting_name__in=FORMER_CONTRIBUTIONS)
    years = [timezone.localtime(lead.created_at).year for lead in leads]
    assert sorted(set(years)) == [this_year - 2, this_year - 1, this_year]
    meetings = set(leads.values_list("year", flat=True))
    assert meetings == set(range(this_year - 2, this_year + 4))


@pytest.mark.parametrize("now", [None, NEW_YEAR], ids=["today", "new-year"])
def test_every_demo_history_walks_in_order_to_the_leads_status(time_machine, now):
    if now:
        time_machine.move_to(now, tick=False)

    load_pipeline()

    for lead in demo_leads().prefetch_related("status_changes"):
        steps = list(lead.status_changes.all())
        times = [step.at for step in steps]
        assert [step.previous for step in steps] == [
            "",
            *[s.status for s in steps[:-1]],
        ]
        assert times == sorted(set(times)) and times[0] == lead.created_at
        assert (steps[-1].status, times[-1]) == (lead.status, lead.status_changed_at)
        assert times[-1] <= timezone.now()


def test_demo_pipeline_loads_once_and_keeps_an_editors_changes():
    count = load_pipeline()
    lead = demo_leads().get(reference="HZ-DEMP-GEN3")
    Lead.objects.filter(pk=lead.pk).update(notes="Edited", delegates=1)

    assert load_pipeline() == count == demo_leads().count() == Lead.objects.count()
    lead.refresh_from_db()
    assert (lead.notes, lead.delegates) == ("Edited", 1)
