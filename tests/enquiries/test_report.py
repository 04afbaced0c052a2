"""The impact report: its figures against the same rules counted in Python,
its page and CSV, who may see it, and what a bad period gets."""

import csv
import datetime
import io
import re
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from enquiries import charts, report
from enquiries.models import Lead
from enquiries.report import Category, Chart, Period, Series
from enquiries.report_views import guarded
from hangzhou_mice.roles import BID_TEAM, BUREAU_ADMIN, EDITOR, EVENT_STAFF
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
WON, LOST = Lead.Status.WON, Lead.Status.LOST
REGULAR = ("annual", "biennial", "triennial", "quadrennial", "regular")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def url(**query):
    return reverse("admin:enquiries_lead_report", query=query or None)


def insert(leads):
    """Save `leads` with their own created_at, which auto_now_add overwrites."""
    wanted = [lead.created_at for lead in leads]
    saved = Lead.objects.bulk_create(leads)
    for lead, created_at in zip(saved, wanted, strict=True):
        lead.created_at = created_at
    Lead.objects.bulk_update(saved, ["created_at"])
    return saved


# The pipeline's moments: anywhere from mid-2022 to mid-2028, and often a
# second either side of a month's or a year's first moment in Shanghai or in
# UTC (08:00 there).
MONTH_STARTS = [
    datetime.datetime(year, month, 1, tzinfo=SHANGHAI)
    for year in range(2022, 2029)
    for month in range(1, 13)
]
YEAR_STARTS = MONTH_STARTS[::12]
NEAR = [datetime.timedelta(seconds=s) for s in (-1, 0, 1, 8 * 3600 - 1, 8 * 3600)]
moments = st.one_of(
    st.datetimes(  # naive bounds, as Hypothesis wants; the zone comes after
        min_value=datetime.datetime(2022, 7, 1),  # noqa: DTZ001
        max_value=datetime.datetime(2028, 6, 30),  # noqa: DTZ001
        timezones=st.just(SHANGHAI),
    ),
    *(
        st.builds(lambda t, near: t + near, st.sampled_from(s), st.sampled_from(NEAR))
        for s in (MONTH_STARTS, YEAR_STARTS)
    ),
)
dates = st.dates(datetime.date(2022, 7, 1), datetime.date(2028, 6, 30))
# Often what the charts count, so that every rule is met and missed.
statuses = st.sampled_from([WON, WON, LOST, *Lead.Status.values])
kinds = st.sampled_from(["congress", *Lead.Kind.values])
frequencies = st.sampled_from([*REGULAR, *Lead.Frequency.values])
rotations = st.sampled_from(["international", "regional", *Lead.Rotation.values])


@st.composite
def end_dates(draw, start):
    if start is None:
        return draw(st.none() | dates)
    later = st.integers(-3, 12).map(lambda n: start + datetime.timedelta(days=n))
    return draw(st.none() | dates | later)


@st.composite
def lead_fields(draw):
    status = draw(statuses)
    start = draw(st.none() | dates)
    reason = draw(st.sampled_from(Lead.LostReason.values))
    return dict(  # noqa: C408 (a lead's fields, shown as such when a case fails)
        status=status,
        source=draw(st.sampled_from(Lead.Source.values)),
        kind=draw(kinds),
        # A reason when lost; left over, now and then, from before a reopening.
        lost_reason=reason if status == LOST else draw(st.sampled_from(["", reason])),
        created_at=draw(moments),
        status_changed_at=draw(moments),
        delegates=draw(st.sampled_from([1, 49, 50, 51]) | st.integers(1, 3_000_000)),
        days=draw(st.one_of(st.none(), st.just(0), st.integers(1, 60))),
        start_date=start,
        end_date=draw(end_dates(start)),
        year=draw(
            st.one_of(*[st.integers(2022, 2028)] * 2, st.sampled_from([None, 0]))
        ),
        frequency=draw(frequencies),
        rotation=draw(rotations),
        rotation_countries=draw(st.none() | st.integers(0, 6)),
    )


periods = st.builds(
    lambda first, length: Period(first, first + length - 1),
    st.integers(2023, 2026),
    st.sampled_from([1, 2, 3, 3]),
)


def counts_for_icca(lead):
    """ICCA's rule, as its counting criteria read."""
    return (
        lead.kind == "congress"
        and lead.delegates >= 50
        and lead.frequency in REGULAR
        and lead.rotation in ("international", "regional")
        and lead.rotation_countries is not None
        and lead.rotation_countries >= 3
    )


def expected(leads, period):
    """Every figure of the report, counted lead by lead in Python."""
    figures = Counter()
    years = set(period.years)
    for lead in leads:
        created = lead.created_at.astimezone(SHANGHAI)
        if created.year in years:
            month = f"{created:%Y-%m}"
            figures["leads", month, f"status:{lead.status}"] += 1
            figures["conversion", lead.source, "leads"] += 1
            figures["conversion", lead.source, "won"] += lead.status == WON
        decided = lead.status_changed_at.astimezone(SHANGHAI).year
        if lead.status == WON and decided in years:
            figures["decisions", str(decided), "won"] += 1
        if lead.status == LOST and decided in years:
            figures["decisions", str(decided), f"lost:{lead.lost_reason}"] += 1
        if lead.status == WON and lead.meeting_year in years:
            held = str(lead.meeting_year)
            figures["meetings", held, "won"] += 1
            figures["meetings", held, "icca"] += counts_for_icca(lead)
            if lead.meeting_days is None:
                figures["delegate-days", held, "no-length"] += 1
            else:
                days = lead.meeting_days * lead.delegates
                figures["delegate-days", held, "delegate-days"] += days
    for source in Lead.Source.values:
        won, total = (
            figures["conversion", source, "won"],
            figures["conversion", source, "leads"],
        )
        figures["conversion", source, "rate"] = rate_in_tenths(won, total)
    return +figures  # zeros dropped


def rate_in_tenths(won, total):
    """won / total in percent, rounded half up to a tenth, by integers alone."""
    if not total:
        return 0
    return Decimal((2000 * won + total) // (2 * total)) / 10


def figures_of(found):
    figures = Counter()
    for chart in found:
        for category, series, value in chart.points():
            figures[chart.key, category.key, series.key] = value
    return +figures


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(pipeline=st.lists(lead_fields(), min_size=15, max_size=40), period=periods)
def test_every_figure_matches_the_pipeline_counted_in_python(pipeline, period):
    Lead.objects.all().delete()
    leads = insert([LeadFactory.build(**fields) for fields in pipeline])

    found = report.impact_report(period)

    assert figures_of(found) == expected(leads, period)


def test_every_month_and_year_of_the_period_has_its_place_even_without_leads():
    found = {chart.key: chart for chart in report.impact_report(Period(2024, 2025))}

    months = [category.key for category in found["leads"].categories]
    assert months == [f"{y}-{m:02}" for y in (2024, 2025) for m in range(1, 13)]
    assert all(v == 0 for s in found["leads"].series for v in s.values)
    for key in ("decisions", "meetings", "delegate-days"):
        assert [c.key for c in found[key].categories] == ["2024", "2025"]
    assert [c.key for c in found["conversion"].categories] == Lead.Source.values


def test_conversion_reads_as_a_share_of_the_source_leads():
    created = datetime.datetime(2025, 3, 1, tzinfo=SHANGHAI)
    insert(
        [
            LeadFactory.build(source="roadshow", status=status, created_at=created)
            for status in [WON] * 3 + [Lead.Status.NEW] * 9
        ]
    )

    chart = report.impact_report(Period(2025, 2025))[-1]

    roadshow = Lead.Source.values.index("roadshow")
    assert chart.notes[roadshow] == "3 of 12 (25%)"
    assert chart.notes[0] == "No leads"


@pytest.mark.parametrize(
    ("won", "leads", "rate"),
    [(1, 16, "6.3"), (1, 3, "33.3"), (2, 3, "66.7"), (0, 0, "0")],
)
def test_a_rate_is_rounded_half_up_to_a_tenth(won, leads, rate):
    assert report.rate(won, leads) == Decimal(rate)


# The page and the CSV


class DataPoints(HTMLParser):
    """The figures a page carries: its charts' bars and its tables' cells."""

    def __init__(self):
        super().__init__()
        self.bars, self.cells, self.heading, self.chart = [], [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h2" and self.chart is not None:
            self.heading = ""
        if tag == "section":
            self.chart = ""
        if "data-series" in attrs:
            point = (
                self.chart,
                attrs["data-category"],
                attrs["data-series"],
                Decimal(attrs["data-value"]),
            )
            (self.bars if tag == "rect" else self.cells).append(point)

    def handle_data(self, data):
        if self.heading is not None:
            self.heading += data

    def handle_endtag(self, tag):
        if tag == "h2" and self.heading is not None:
            self.chart, self.heading = self.heading, None


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header, *rows = csv.reader(io.StringIO(text[1:]))
    return header, [(c, k, s, Decimal(v)) for c, k, s, v in rows]


@pytest.fixture
def pipeline():
    """Leads of 2025 in every status, source and reason, from every side."""
    created = datetime.datetime(2025, 5, 1, tzinfo=SHANGHAI)
    reasons = iter(Lead.LostReason.values * 2)
    return insert(
        [
            LeadFactory.build(
                status=status,
                source=source,
                lost_reason=next(reasons) if status == LOST else "",
                created_at=created + datetime.timedelta(days=n),
                status_changed_at=created + datetime.timedelta(days=n + 30),
                year=2025,
                days=None if n % 4 == 0 else 3,
            )
            for n, (status, source) in enumerate(
                zip(Lead.Status.values * 6, Lead.Source.values * 7, strict=False)
            )
        ]
    )


def test_csv_holds_the_figures_the_page_draws_and_tabulates(
    client, staff_member, pipeline
):
    staff_member(BID_TEAM)

    page = DataPoints()
    page.feed(client.get(url(**{"from": 2024, "to": 2025})).content.decode())
    header, rows = csv_rows(
        client.get(url(**{"from": 2024, "to": 2025, "format": "csv"}))
    )

    assert header == ["Chart", "Category", "Series", "Value"]
    assert page.cells == rows
    drawn = {(chart, series) for chart, _category, series, _value in page.bars}
    assert set(page.bars) == {
        row for row in rows if row[3] and (row[0], row[2]) in drawn
    }
    assert len(page.bars) == len(set(page.bars)) > 20


def test_csv_is_translated_and_named_after_its_period(client, staff_member, pipeline):
    staff_member(BID_TEAM)

    response = client.get(
        url(**{"from": 2025, "to": 2025, "format": "csv"}),
        headers={"accept-language": "zh-hans"},
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="impact-report-2025-2025.csv"' in response["Content-Disposition"]
    header, rows = csv_rows(response)
    with translation.override("zh-hans"):
        assert header == [
            translation.gettext(w) for w in ("Chart", "Category", "Series", "Value")
        ]
        title = translation.gettext("Conversion by source")
    assert all(CHINESE.search(cell) for cell in header)
    assert any(row[0] == title for row in rows)


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+86", "'+86"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Lost: cost", "Lost: cost"),
    ],
)
def test_csv_text_cells_never_start_a_formula(text, cell):
    assert guarded(text) == cell


@pytest.mark.parametrize(
    ("role", "permissions", "status"),
    [
        (EDITOR, (), 403),
        (EVENT_STAFF, (), 403),
        (None, (), 403),
        (None, ("view_lead",), 200),
        (BID_TEAM, (), 200),
        (BUREAU_ADMIN, (), 200),
    ],
)
def test_only_those_who_may_view_leads_see_the_report(
    client, staff_member, role, permissions, status
):
    staff_member(role, *permissions)

    assert client.get(url()).status_code == status
    assert client.get(url(format="csv")).status_code == status


def test_the_report_asks_staff_for_a_second_factor(client, staff_member, settings):
    settings.REQUIRE_STAFF_2FA = True
    staff_member(BID_TEAM)

    response = client.get(url())

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/setup/")


def test_the_leads_list_links_to_the_report(client, staff_member):
    staff_member(BID_TEAM)

    html = client.get(reverse("admin:enquiries_lead_changelist")).content.decode()

    assert f'href="{url()}">Impact report</a>' in html


def subtitle(response):
    return response.context["subtitle"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "abc"}, "First year: Enter a year as a number, such as 2026."),
        ({"to": "99999"}, "Last year: Enter a year from 2000 to 2100."),
        ({"from": "1999", "to": "2001"}, "First year: Enter a year from 2000 to 2100."),
        ({"from": "\x00", "to": "2025\x00"}, "Last year: Enter a year as a number"),
        ({"to": "9" * 5000}, "Last year: Enter a year as a number"),
        ({"from": "2026", "to": "2020"}, "The first year comes after the last."),
        ({"from": "2010", "to": "2026"}, "Choose at most 10 years."),
    ],
)
@pytest.mark.time_machine(datetime.datetime(2026, 6, 1, tzinfo=SHANGHAI))
def test_a_bad_period_is_said_and_the_default_period_shown(
    client, staff_member, query, message
):
    staff_member(BID_TEAM)

    response = client.get(url(**query))

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Showing the default period instead: 2024–2026." in html
    assert subtitle(response) == "2024–2026"
    assert client.get(url(**query, format="csv")).status_code == 200


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({}, "2024–2026"),
        ({"from": "2021"}, "2021–2023"),
        ({"to": "2030"}, "2028–2030"),
        ({"from": "2017", "to": "2026"}, "2017–2026"),
        ({"from": " 2025 ", "to": "2025"}, "2025"),
    ],
)
@pytest.mark.time_machine(datetime.datetime(2026, 6, 1, tzinfo=SHANGHAI))
def test_the_period_asked_for_is_shown(client, staff_member, query, shown):
    staff_member(BID_TEAM)

    response = client.get(url(**query))

    assert subtitle(response) == shown
    assert not response.context["errors"]


@pytest.mark.time_machine(datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC))
def test_the_default_period_ends_with_the_year_in_shanghai(client, staff_member):
    staff_member(BID_TEAM)

    assert subtitle(client.get(url())) == "2025–2027"


def test_the_report_takes_the_same_queries_however_many_leads(
    client, staff_member, pipeline
):
    staff_member(BID_TEAM)
    client.get(url())  # the session and permissions, once

    def queries():
        with CaptureQueriesContext(connection) as page:
            client.get(url(**{"from": 2024, "to": 2026}))
        with CaptureQueriesContext(connection) as download:
            client.get(url(**{"from": 2024, "to": 2026, "format": "csv"}))
        return len(page), len(download)

    few = queries()
    insert([LeadFactory.build(created_at=lead.created_at) for lead in pipeline * 4])

    assert queries() == few
    assert few[1] <= 8


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_report_reads_in_the_editors_language(
    client, staff_member, pipeline, language
):
    staff_member(BID_TEAM)

    response = client.get(url(), headers={"accept-language": language})

    html = response.content.decode()
    headings = re.findall(r'<h2 id="chart-[\w-]+-heading">([^<]+)</h2>', html)
    with translation.override(language):
        titles = [
            chart.title for chart in report.impact_report(report.default_period())
        ]
    assert headings == titles
    assert all(bool(CHINESE.search(h)) == (language == "zh-hans") for h in headings)


def test_every_text_in_a_chart_is_escaped():
    evil = '<script>alert("x")</script>'
    chart = Chart(
        key="evil",
        title=evil,
        description=evil,
        dimension=evil,
        unit=evil,
        categories=(Category("a", evil, short=evil, group=evil),),
        series=(Series("s", evil, (3,)), Series("t", evil, (4,))),
        notes=(evil,),
    )
    for layout in ("bars", "columns"):
        drawn = charts.figure(Chart(**{**chart.__dict__, "layout": layout}))
        markup = drawn.svg + drawn.legend
        assert "<script" not in markup
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in markup


@pytest.mark.parametrize("maximum", [0, 1, 3, 7, 11, 41, 99, 101, 6_900, 2_147_483_647])
def test_an_axis_has_a_few_round_ticks_reaching_the_tallest_bar(maximum):
    scale = charts.ticks(maximum)

    step = scale[1]
    assert scale == list(range(0, scale[-1] + 1, step))
    assert 2 <= len(scale) <= 5 and scale[-1] >= maximum
    assert re.fullmatch(r"(1|2|25|5)0*", str(step))


def luminance(colour):
    def linear(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("background", ["#ffffff", "#121212"])
def test_every_bar_colour_stands_out_from_the_admin_background(background):
    ground = luminance(background)
    for colour in {*charts.PALETTE, *charts.COLOURS.values()}:
        light, dark = sorted((luminance(colour), ground), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 3, colour


def test_every_status_keeps_its_colour():
    statuses = [f"status:{status}" for status in Lead.Status.values]

    assert len({charts.COLOURS[key] for key in statuses}) == len(statuses)
    assert charts.COLOURS["status:won"] == charts.COLOURS["won"]
