"""A bid-team member opens the leads, follows "Impact report" and reads its
charts, in both languages, on a laptop and on a phone."""

import datetime
import itertools

import pytest
from django.utils import timezone, translation

from enquiries.models import Lead
from hangzhou_mice.roles import BID_TEAM
from tests.enquiries.test_report import insert
from tests.factories import LeadFactory

from .checks import assert_sound, assert_sound_on_a_phone, fill_login
from .conftest import PHONE

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 900}
HEADINGS = (
    "Leads by month and status",
    "Bids won and lost, by reason",
    "Meetings won, by the year they meet",
    "Delegate-days, by the year they meet",
    "Conversion by source",
)


@pytest.fixture
def bid_team_member(staff_in):
    return staff_in(BID_TEAM, "mei")


@pytest.fixture
def pipeline():
    """Two years of leads in every status, source and reason."""
    year = timezone.localdate().year
    zone = timezone.get_default_timezone()
    statuses = itertools.cycle(Lead.Status.values)
    sources = itertools.cycle(Lead.Source.values)
    reasons = itertools.cycle(Lead.LostReason.values)
    leads = []
    for n in range(48):
        status = next(statuses)
        created = datetime.datetime(year - 1 + n // 24, n % 12 + 1, 9, tzinfo=zone)
        leads.append(
            LeadFactory.build(
                status=status,
                source=next(sources),
                lost_reason=next(reasons) if status == Lead.Status.LOST else "",
                created_at=created,
                status_changed_at=created + datetime.timedelta(days=40),
                year=year - 1 + n % 3,
                days=None if n % 5 == 0 else 2 + n % 3,
                delegates=150 + 40 * n,
                frequency="annual",
                rotation="international",
                rotation_countries=12,
            )
        )
    insert(leads)


def text(language, message):
    with translation.override(language):
        return translation.gettext(message)


def log_in(page, user):
    fill_login(page, user)
    page.wait_for_url("**/admin/enquiries/lead/")


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_bid_team_reads_the_impact_report(
    bid_team_member, pipeline, page, language, viewport, problems
):
    check = assert_sound_on_a_phone if viewport == PHONE else assert_sound
    page.goto("/admin/enquiries/lead/")
    log_in(page, bid_team_member)
    check(page, problems)

    page.get_by_role("link", name=text(language, "Impact report")).click()
    page.wait_for_url("**/admin/enquiries/lead/report/")

    headings = page.locator(".report__chart h2").all_inner_texts()
    assert headings == [text(language, heading) for heading in HEADINGS]
    charts = page.locator("svg[role=img]")
    assert charts.count() == len(HEADINGS)
    assert all(chart.is_visible() for chart in charts.all())
    assert page.locator("rect.chart__bar").count() > 0
    check(page, problems)
