"""Draw the report's charts (report.Chart) as SVG on the server.

The SVG has no viewBox: it is as wide as the page, horizontal positions are
percentages and vertical ones pixels, so text keeps its size on a phone and
on a wide screen alike. Time runs in columns (months); everything else in
horizontal bars, each category's label on its own line above its bars.
Every text from data is escaped by format_html.
"""

import math
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .report import percent

# Distinguishable with the common colour-vision deficiencies, and at least
# 3:1 against the admin's light (#fff) and dark (#121212) backgrounds.
BLUE, INDIGO, PURPLE = "#1b8fe0", "#5b4ae8", "#b42aa9"
ORANGE, GREEN, RED, GREY = "#d47500", "#08a065", "#c81e32", "#6b6b73"
PALETTE = (BLUE, INDIGO, PURPLE, ORANGE, GREEN, RED, GREY)
COLOURS = {
    "status:new": BLUE,
    "status:qualified": INDIGO,
    "status:site_inspection": PURPLE,
    "status:bid_submitted": ORANGE,
    "status:won": GREEN,
    "status:lost": RED,
    "status:withdrawn": GREY,
    "won": GREEN,
    "lost:cost": RED,
    "lost:access": ORANGE,
    "lost:venue": INDIGO,
    "lost:rotation": BLUE,
    "lost:competition": PURPLE,
    "lost:other": GREY,
    "icca": INDIGO,
    "delegate-days": GREEN,
    "rate": GREEN,
}

# Columns: the plot takes the left PLOT_WIDTH percent, the axis labels the rest.
PLOT_WIDTH = 88
COLUMN_TOP, COLUMN_HEIGHT = 30, 200
# Bars: the longest takes BAR_WIDTH percent, its value the room after it.
BAR_WIDTH, BAR_NOTED_WIDTH = 80, 100
AXIS_HEIGHT, LABEL_HEIGHT, BAR_HEIGHT, BAR_GAP, ROW_GAP = 42, 20, 16, 4, 12


@dataclass(frozen=True)
class Figure:
    chart: object
    svg: str
    legend: str
    header: tuple
    rows: tuple


@dataclass(frozen=True)
class Cell:
    series: str
    value: str  # as data: 12, 33.3
    shown: str  # as the page's language writes it


def figure(chart):
    """Return what the page shows of `chart`: its SVG, legend and table."""
    return Figure(chart, svg(chart), legend(chart), *table(chart))


def colour(chart, series):
    fallback = PALETTE[chart.series.index(series) % len(PALETTE)]
    return COLOURS.get(series.key, fallback)


def shown(value, unit=""):
    if unit == "%":
        return f"{percent(value)}%"
    return number_format(value, force_grouping=True)


def ticks(maximum, unit=""):
    """Return at most five round values from 0 to at least `maximum`."""
    if unit == "%":
        return [0, 25, 50, 75, 100]
    rough = max(maximum, 1) / 4
    magnitude = 10 ** max(0, math.floor(math.log10(rough)))
    factors = (1, 2, 5, 10) if magnitude == 1 else (1, 2, 2.5, 5, 10)
    step = int(next(f * magnitude for f in factors if f * magnitude >= rough))
    return list(range(0, math.ceil(max(maximum, 1) / step) * step + 1, step))


def totals(chart):
    """The height of each category's bar: the stack's sum, or its tallest."""
    drawn = chart.drawn
    combine = sum if chart.stacked else max
    return [
        combine(series.values[i] for series in drawn)
        for i in range(len(chart.categories))
    ]


def svg(chart):
    draw = columns if chart.layout == "columns" else bars
    height, body = draw(chart)
    key = chart.key
    return format_html(
        '<svg class="chart chart--{layout}{density}" width="100%" height="{height}" '
        'role="img" aria-labelledby="chart-{key}-title chart-{key}-desc" '
        'data-chart="{key}"><title id="chart-{key}-title">{title}</title>'
        '<desc id="chart-{key}-desc">{description} {more}</desc>'
        '<text class="chart__unit" x="0" y="12" fill="currentColor">{unit}</text>'
        "{body}</svg>",
        layout=chart.layout,
        density=density(chart),
        height=height,
        key=key,
        title=chart.title,
        description=chart.description,
        more=_("The figures are in the table below."),
        unit=chart.unit,
        body=body,
    )


def density(chart):
    """A class by the number of years, for report.css to show the month
    labels that fit the chart's width."""
    if chart.layout != "columns":
        return ""
    years = len({category.group for category in chart.categories})
    return f" chart--years-{years if years <= 3 else 5 if years <= 5 else 10}"


def pct(value):
    return f"{value:.3f}%"


def bar(chart, series, index, x, y, width, height):
    """One bar (or one segment of a stack), with its figure as data."""
    category, value = chart.categories[index], series.values[index]
    return format_html(
        '<rect class="chart__bar" x="{x}" y="{y}" width="{width}" height="{height}" '
        'fill="{fill}" data-category="{category}" data-series="{series}" '
        'data-value="{value}"><title>{tip}</title></rect>',
        x=x,
        y=y,
        width=width,
        height=height,
        fill=colour(chart, series),
        category=category.label,
        series=series.label,
        value=value,
        tip=_("%(category)s, %(series)s: %(value)s")
        % {
            "category": category.label,
            "series": series.label,
            "value": shown(value, series.unit),
        },
    )


def join(parts):
    return mark_safe("".join(parts))  # noqa: S308 (each part is format_html's)


def columns(chart):
    """Stacked columns, one per category, the axis labels on the right."""
    scale = ticks(max(totals(chart)), chart.drawn[0].unit)
    bottom = COLUMN_TOP + COLUMN_HEIGHT
    slot = PLOT_WIDTH / len(chart.categories)
    parts = [column_grid(scale, bottom)]
    for index, category in enumerate(chart.categories):
        parts.extend(column(chart, index, slot, COLUMN_HEIGHT / scale[-1]))
        parts.append(column_label(category, slot * (index + 0.5), bottom))
    parts.extend(year_labels(chart, slot, bottom))
    return bottom + 44, join(parts)


def column(chart, index, slot, per_unit):
    """One category's column: its series stacked from the baseline up."""
    base = COLUMN_TOP + COLUMN_HEIGHT
    for series in chart.drawn:
        height = series.values[index] * per_unit
        if height:
            base -= height
            left, width = pct(slot * (index + 0.15)), pct(slot * 0.7)
            yield bar(chart, series, index, left, f"{base:.2f}", width, f"{height:.2f}")


def column_grid(scale, bottom):
    top = scale[-1]
    return format_html_join(
        "",
        '<line class="chart__grid{extra}" x1="0" x2="{right}" y1="{y}" y2="{y}" '
        'stroke="currentColor"></line>'
        '<text class="chart__tick" x="{right}" dx="6" y="{y}" dy="4" '
        'fill="currentColor">{label}</text>',
        (
            {
                "extra": " chart__grid--base" if value == 0 else "",
                "right": pct(PLOT_WIDTH),
                "y": f"{bottom - value / top * COLUMN_HEIGHT:.2f}",
                "label": shown(value),
            }
            for value in scale
        ),
    )


def column_label(category, middle, bottom):
    quarter = (
        " chart__month--quarter"
        if category.key.endswith(("01", "04", "07", "10"))
        else ""
    )
    return format_html(
        '<text class="chart__month{quarter}" x="{x}" y="{y}" text-anchor="middle" '
        'fill="currentColor">{label}</text>',
        quarter=quarter,
        x=pct(middle),
        y=bottom + 16,
        label=category.short or category.label,
    )


def year_labels(chart, slot, bottom):
    """Each year under its months, a line between years."""
    groups = {}
    for index, category in enumerate(chart.categories):
        groups.setdefault(category.group, []).append(index)
    for first, (group, indexes) in enumerate(groups.items()):
        middle = slot * (indexes[0] + indexes[-1] + 1) / 2
        if first:
            yield format_html(
                '<line class="chart__grid" x1="{x}" x2="{x}" y1="{top}" y2="{y}" '
                'stroke="currentColor"></line>',
                x=pct(slot * indexes[0]),
                top=COLUMN_TOP,
                y=bottom + 40,
            )
        yield format_html(
            '<text class="chart__year{alternate}" x="{x}" y="{y}" '
            'text-anchor="middle" fill="currentColor">{label}</text>',
            alternate=" chart__year--alternate" if first % 2 else "",
            x=pct(middle),
            y=bottom + 36,
            label=group,
        )


def bars(chart):
    """Horizontal bars: a category's label, then its bar (or a bar per series)."""
    drawn = chart.drawn
    scale = ticks(max(totals(chart)), drawn[0].unit)
    width = BAR_NOTED_WIDTH if chart.notes else BAR_WIDTH
    lines = 1 if chart.stacked else len(drawn)
    row = LABEL_HEIGHT + lines * (BAR_HEIGHT + BAR_GAP) + ROW_GAP
    height = AXIS_HEIGHT + row * len(chart.categories)
    parts = [bar_grid(chart, scale, width, height)]
    for index, category in enumerate(chart.categories):
        y = AXIS_HEIGHT + row * index
        parts.append(bar_label(chart, index, category, y))
        bar_y = y + LABEL_HEIGHT
        for line in [drawn] if chart.stacked else [[series] for series in drawn]:
            parts.extend(bar_line(chart, index, line, bar_y, width / scale[-1]))
            bar_y += BAR_HEIGHT + BAR_GAP
    return height, join(parts)


def bar_grid(chart, scale, width, height):
    last = len(scale) - 1
    return format_html_join(
        "",
        '<line class="chart__grid{extra}" x1="{x}" x2="{x}" y1="{top}" y2="{bottom}" '
        'stroke="currentColor"></line><text class="chart__tick" x="{x}" y="32" '
        'text-anchor="{anchor}" fill="currentColor">{label}</text>',
        (
            {
                "extra": " chart__grid--base" if value == 0 else "",
                "x": pct(value / scale[-1] * width),
                "top": AXIS_HEIGHT - 4,
                "bottom": height - ROW_GAP,
                "anchor": "start" if i == 0 else "end" if i == last else "middle",
                "label": shown(value, chart.drawn[0].unit),
            }
            for i, value in enumerate(scale)
        ),
    )


def bar_label(chart, index, category, y):
    note = chart.notes[index] if chart.notes else ""
    return format_html(
        '<text class="chart__label" x="0" y="{y}" fill="currentColor">{label}</text>'
        '<text class="chart__note" x="100%" y="{y}" text-anchor="end" '
        'fill="currentColor">{note}</text>',
        y=y + LABEL_HEIGHT - 6,
        label=category.label,
        note=note,
    )


def bar_line(chart, index, line, y, per_unit):
    """One bar (stacked: its segments), then its value unless a note says it."""
    left = 0
    for series in line:
        length = float(series.values[index]) * per_unit
        if length:
            yield bar(chart, series, index, pct(left), y, pct(length), BAR_HEIGHT)
            left += length
    if not chart.notes:
        total = sum(series.values[index] for series in line)
        yield format_html(
            '<text class="chart__value" x="{x}" dx="6" y="{y}" fill="currentColor">'
            "{value}</text>",
            x=pct(left),
            y=y + BAR_HEIGHT - 3,
            value=shown(total, line[0].unit),
        )


def legend(chart):
    """The drawn series, as a list beside the chart (it wraps on a phone)."""
    if len(chart.drawn) < 2:
        return ""
    return format_html(
        '<ul class="chart-legend">{}</ul>',
        format_html_join(
            "",
            '<li><svg class="chart-legend__swatch" width="14" height="14" '
            'aria-hidden="true"><rect width="14" height="14" rx="2" fill="{}"></rect>'
            "</svg>{}</li>",
            ((colour(chart, series), series.label) for series in chart.drawn),
        ),
    )


def table(chart):
    """Return the table's header and rows: every figure, and stacks' totals."""
    header = tuple(series.label for series in chart.series)
    if chart.stacked:
        header += (_("Total"),)
    sums = totals(chart) if chart.stacked else [None] * len(chart.categories)
    rows = []
    for index, category in enumerate(chart.categories):
        cells = [
            Cell(series.label, str(value), shown(value, series.unit))
            for series in chart.series
            for value in [series.values[index]]
        ]
        total = None if sums[index] is None else shown(sums[index])
        rows.append((category.label, cells, total))
    return header, tuple(rows)
