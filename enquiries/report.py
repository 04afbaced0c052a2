"""The figures of the bureau's impact report, for a period of calendar years.

Each chart is one aggregate query (the two charts by the year meetings meet
share one), so the report costs the same few queries however many leads
there are. Months and years are counted in the site's time zone. The charts
come back as plain data with their labels in the active language; charts.py
draws them and report_views.py writes them as CSV.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BigIntegerField,
    Count,
    F,
    Q,
    Sum,
)
from django.db.models.functions import (
    Cast,
    ExtractYear,
    TruncMonth,
)
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from .models import MEETING_DAYS, MEETING_YEAR, Lead

# The years a period may span: those a lead's meeting may have (Lead.year).
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_YEARS = 10
DEFAULT_YEARS = 3
WON, LOST = Lead.Status.WON, Lead.Status.LOST


@dataclass(frozen=True)
class Period:
    first: int
    last: int

    def __str__(self):
        if self.first == self.last:
            return pgettext("a period of one year", "%(year)s") % {"year": self.first}
        return _("%(first)s–%(last)s") % {"first": self.first, "last": self.last}

    @property
    def years(self):
        return range(self.first, self.last + 1)

    def bounds(self):
        """Return the first moment of the period and the first one after it."""
        zone = timezone.get_default_timezone()
        start = datetime.datetime(self.first, 1, 1, tzinfo=zone)
        return start, datetime.datetime(self.last + 1, 1, 1, tzinfo=zone)


def default_period():
    """The current year in the site's time zone and the two before it."""
    year = timezone.localdate().year
    return Period(year - DEFAULT_YEARS + 1, year)


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    short: str = ""  # under a column, where the label is too long
    group: str = ""  # a month's year


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    values: tuple
    drawn: bool = True  # False: in the table and the CSV only
    unit: str = ""  # "%" for a rate


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    dimension: str  # what the categories are: month, year, source
    unit: str  # what the drawn values count
    categories: tuple
    series: tuple
    layout: str = "bars"  # or "columns"
    stacked: bool = False
    notes: tuple = ()  # one text per category, shown beside its label
    footnote: str = ""

    @property
    def drawn(self):
        return tuple(series for series in self.series if series.drawn)

    def points(self):
        """Yield (category, series, value) for every figure, row by row."""
        for index, category in enumerate(self.categories):
            for series in self.series:
                yield category, series, series.values[index]


def impact_report(period):
    """Return the report's charts for `period`."""
    return [
        leads_by_month(period),
        decisions_by_reason(period),
        *meetings_by_year(period),
        conversion_by_source(period),
    ]


def created_in(period):
    start, end = period.bounds()
    return Lead.objects.filter(created_at__gte=start, created_at__lt=end)


def leads_by_month(period):
    counts = monthly_counts(period)
    months = [datetime.date(y, m, 1) for y in period.years for m in range(1, 13)]
    series = tuple(
        Series(
            f"status:{status}",
            str(label),
            tuple(counts.get((month, status), 0) for month in months),
        )
        for status, label in Lead.Status.choices
    )
    return Chart(
        key="leads",
        title=_("Leads by month and status"),
        description=_(
            "Leads created in each month of %(period)s, stacked by the status "
            "they have now."
        )
        % {"period": period},
        dimension=_("Month"),
        unit=_("Leads"),
        categories=tuple(month_category(month) for month in months),
        series=series,
        layout="columns",
        stacked=True,
    )


def monthly_counts(period):
    """Return {(a month's first day, status): leads created in that month}."""
    month = TruncMonth("created_at", tzinfo=timezone.get_default_timezone())
    rows = (
        created_in(period)
        .annotate(month=month)
        .values("month", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {(row["month"].date(), row["status"]): row["count"] for row in rows}


def month_category(month):
    return Category(
        key=f"{month:%Y-%m}",
        label=date_format(month, "YEAR_MONTH_FORMAT"),
        # A date format: "Jan" in English, "1月" in Chinese.
        short=date_format(month, pgettext("a month under a chart's column", "M")),
        group=str(month.year),
    )


def year_categories(period):
    return tuple(Category(str(year), str(year)) for year in period.years)


def decisions_by_reason(period):
    start, end = period.bounds()
    lost = {
        f"lost_{reason}": Count("pk", filter=Q(status=LOST, lost_reason=reason))
        for reason in Lead.LostReason.values
    }
    rows = (
        Lead.objects.filter(
            status__in=(WON, LOST),
            status_changed_at__gte=start,
            status_changed_at__lt=end,
        )
        .annotate(
            decided=ExtractYear(
                "status_changed_at", tzinfo=timezone.get_default_timezone()
            )
        )
        .values("decided")
        .annotate(won=Count("pk", filter=Q(status=WON)), **lost)
        .order_by()
    )
    by_year = {row["decided"]: row for row in rows}
    series = [Series("won", _("Won"), by_year_values(by_year, period, "won"))]
    series += [
        Series(
            f"lost:{reason}",
            _("Lost: %(reason)s") % {"reason": label},
            by_year_values(by_year, period, f"lost_{reason}"),
        )
        for reason, label in Lead.LostReason.choices
    ]
    return Chart(
        key="decisions",
        title=_("Bids won and lost, by reason"),
        description=_(
            "Bids decided in each year of %(period)s: won, and lost by the "
            "reason given."
        )
        % {"period": period},
        dimension=_("Year decided"),
        unit=_("Bids"),
        categories=year_categories(period),
        series=tuple(series),
        stacked=True,
    )


def by_year_values(by_year, period, name):
    return tuple((by_year.get(year) or {}).get(name) or 0 for year in period.years)


def meetings_by_year(period):
    """Return the charts of won meetings by the year they meet: how many,
    and their delegate-days."""
    rows = (
        Lead.objects.filter(status=WON)
        .annotate(held=MEETING_YEAR, length=MEETING_DAYS)
        .filter(held__gte=period.first, held__lte=period.last)
        .values("held")
        .annotate(
            won=Count("pk"),
            icca=Count("pk", filter=Q(kind=Lead.Kind.CONGRESS, qualifies_icca=True)),
            delegate_days=Sum(
                Cast("delegates", BigIntegerField()) * F("length"),
                output_field=BigIntegerField(),
            ),
            no_length=Count("pk", filter=Q(length__isnull=True)),
        )
        .order_by()
    )
    by_year = {row["held"]: row for row in rows}
    return meetings_won(period, by_year), delegate_days(period, by_year)


def meetings_won(period, by_year):
    return Chart(
        key="meetings",
        title=_("Meetings won, by the year they meet"),
        description=_(
            "Meetings won that take place in each year of %(period)s, and "
            "among them the association meetings that count for ICCA."
        )
        % {"period": period},
        dimension=_("Year of the meeting"),
        unit=_("Meetings"),
        categories=year_categories(period),
        series=(
            Series("won", _("Won"), by_year_values(by_year, period, "won")),
            Series(
                "icca",
                _("Association meetings counting for ICCA"),
                by_year_values(by_year, period, "icca"),
            ),
        ),
    )


def delegate_days(period, by_year):
    values = tuple(int(v) for v in by_year_values(by_year, period, "delegate_days"))
    unmeasured = by_year_values(by_year, period, "no_length")
    return Chart(
        key="delegate-days",
        title=_("Delegate-days, by the year they meet"),
        description=_(
            "Delegates times days of the meetings won that take place in each "
            "year of %(period)s."
        )
        % {"period": period},
        dimension=_("Year of the meeting"),
        unit=_("Delegate-days"),
        categories=year_categories(period),
        series=(
            Series("delegate-days", _("Delegate-days"), values),
            Series(
                "no-length",
                _("Meetings won without a length, not counted"),
                unmeasured,
                drawn=False,
            ),
        ),
        footnote=unmeasured_note(sum(unmeasured)),
    )


def unmeasured_note(count):
    if not count:
        return _("Every meeting won in these years has a length, so all are counted.")
    return ngettext(
        "%(count)s meeting won in these years has no length (neither days nor "
        "first and last day) and is not counted.",
        "%(count)s meetings won in these years have no length (neither days nor "
        "first and last day) and are not counted.",
        count,
    ) % {"count": number_format(count, force_grouping=True)}


def conversion_by_source(period):
    rows = (
        created_in(period)
        .values("source")
        .annotate(leads=Count("pk"), won=Count("pk", filter=Q(status=WON)))
        .order_by()
    )
    by_source = {row["source"]: row for row in rows}
    sources = Lead.Source.choices
    leads = tuple((by_source.get(s) or {}).get("leads", 0) for s, _label in sources)
    won = tuple((by_source.get(s) or {}).get("won", 0) for s, _label in sources)
    rates = tuple(map(rate, won, leads))
    return Chart(
        key="conversion",
        title=_("Conversion by source"),
        description=_(
            "Of the leads created in %(period)s, the share won, by where the "
            "lead came from."
        )
        % {"period": period},
        dimension=_("Source"),
        unit=_("Conversion rate"),
        categories=tuple(Category(s, str(label)) for s, label in sources),
        series=(
            Series("leads", _("Leads"), leads, drawn=False),
            Series("won", _("Won"), won, drawn=False),
            Series("rate", _("Conversion rate (%)"), rates, unit="%"),
        ),
        notes=tuple(map(conversion_note, won, leads, rates)),
    )


def rate(won, leads):
    """Return won / leads as a percentage to one decimal (0 without leads)."""
    if not leads:
        return Decimal("0.0")
    return (Decimal(100 * won) / leads).quantize(Decimal("0.1"), ROUND_HALF_UP)


def percent(value):
    """A rate as the page's language writes it: 25, 33.3."""
    places = 0 if value == int(value) else 1
    return number_format(value, decimal_pos=places)


def conversion_note(won, leads, share):
    if not leads:
        return _("No leads")
    return _("%(won)s of %(leads)s (%(rate)s%%)") % {
        "won": number_format(won, force_grouping=True),
        "leads": number_format(leads, force_grouping=True),
        "rate": percent(share),
    }
