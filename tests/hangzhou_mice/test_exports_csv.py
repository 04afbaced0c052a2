"""The CSV export computed in SQL gives the bytes of the rule as first written.

The formula guard used to test a cell's start with regular expressions, and
the rows were sorted before their cells were computed. The faster SQL must
give the same bytes for the same data: both are compared here with that
first form, kept as the reference, over generated rows of awkward text.
"""

import datetime
import io
import itertools
import re
import zoneinfo

import pytest
from django.db import connection
from django.utils import translation

from events.exporters import COLUMNS, CSVExporter
from events.models import Organization, Participant
from hangzhou_mice import columns
from tests.factories import EventFactory, OrganizationFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# The guard as first written (with %% for the client-side binding).
REGEX_GUARD = (
    "CASE WHEN {c} ~ '^[-=+@|%%]' AND {c} !~ '^-?[0-9,.]+$' "
    "THEN '''' || replace({c}, '|', '\\|') "
    "WHEN {c} ~ '^[\\t\\r]' THEN '''' || {c} ELSE {c} END"
)
STARTS = [
    *"=+-@|%\t\r\n ,\"'0.9aZ~\\/#",
    "＝",  # full-width equals: not a formula to Excel
    "田",
    "😀",
    "\u0301",  # a combining accent with nothing before it
    "\u200b",  # zero-width space
    "\u2028",  # line separator
    "\u202e",  # right-to-left override
    "\x01",
    "\x7f",
]
TAILS = [
    "",
    "1+1",
    "2.5",
    "1,000.5",
    "SUM(A1)|x",
    'cmd|" /C calc"!A0',
    "a=b",
    "陈示范",
    " trailing ",
    "line\nbreak",
    "-",
    "\u00e9\u0301",
]
ODD = [*(start + tail for start, tail in itertools.product(STARTS, TAILS)), ""]


def python_guard(value):
    """The rule as defusedcsv states it, for text that PostgreSQL can hold."""
    if value[:1] in ("\t", "\r"):
        return "'" + value
    if value and value[0] in "=+-@|%" and not re.fullmatch(r"-?[0-9,.]+", value):
        return "'" + value.replace("|", "\\|")
    return value


def guard_all(values, template=None):
    sql = (template or columns.FORMULA_GUARD).format(c="v")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {sql} FROM unnest(%s::text[]) WITH ORDINALITY AS t (v, n) "  # noqa: S608
            "ORDER BY n",
            [values],
        )
        return [row[0] for row in cursor.fetchall()]


def test_guard_gives_what_the_rule_says_for_every_odd_value():
    cells = guard_all(ODD)

    wrong = [
        (value, cell)
        for value, cell in zip(ODD, cells, strict=True)
        if cell != python_guard(value)
    ]
    assert wrong == []


def test_guard_gives_what_the_regular_expressions_gave():
    assert guard_all(ODD) == guard_all(ODD, REGEX_GUARD)


def reference_csv(exporter, monkeypatch):
    """The export's rows as first computed: sorted first, then the regex guard."""
    inner, params = exporter.values().query.sql_with_params()
    names = [f"c{n}" for n in range(len(exporter.columns))]
    with monkeypatch.context() as patch:
        patch.setattr(columns, "FORMULA_GUARD", REGEX_GUARD)
        cells = [
            column.csv_sql(name)
            for column, name in zip(exporter.selected, names, strict=True)
        ]
    select = ", ".join(sql for sql, _ in cells)
    source = f"({inner}) AS export_rows ({', '.join(names)})"
    sql = f"COPY (SELECT {select} FROM {source}) TO STDOUT (FORMAT csv)"  # noqa: S608
    with connection.cursor() as cursor:
        statement = cursor.mogrify(sql, [*(v for _, vs in cells for v in vs), *params])
        with cursor.copy(statement) as copy:
            return b"".join(bytes(data) for data in copy)


def named(organization, english, chinese):
    """Give `organization` these names, blank ones included, as stored."""
    Organization.objects.filter(pk=organization.pk).update(
        name_en=english, name_zh_hans=chinese
    )
    return organization


@pytest.fixture
def odd_roster():
    """A few hundred participants of awkward text in both languages."""
    event = EventFactory()
    kinds = itertools.cycle([*Organization.Kind.values, "retired_kind"])
    organizations = [None] + [
        named(OrganizationFactory(kind=next(kinds), city="杭州"), english, chinese)
        for english, chinese in [
            ("=HYPERLINK(1)", "杭州会展"),
            ("", "浙江大学"),
            ("Zhejiang University", ""),
            ("Li | Partners", "+86 协会"),
            ("Société Générale", "法国兴业银行"),
        ]
    ]
    categories = itertools.cycle([*Participant.Category.values, "@legacy"])
    midnight = datetime.datetime(2026, 3, 1, 23, 59, 59, tzinfo=SHANGHAI)
    for n, value in enumerate(ODD):
        ParticipantFactory(
            event=event,
            full_name=value or f"Nameless {n}",
            chinese_name=ODD[-n],
            job_title=value,
            chinese_job_title=ODD[n // 2],
            organization=organizations[n % len(organizations)],
            category=next(categories),
            email=f"{n}.{value[:20]}@example.org" if n % 3 else "",
            phone=ODD[(n * 7) % len(ODD)],
            country="中国" if n % 2 else value,
            notes=ODD[(n * 13) % len(ODD)],
            is_public=bool(n % 2),
            registered_at=midnight + datetime.timedelta(minutes=n * 37),
            checked_in_at=None if n % 4 else midnight,
        )
    return event


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_csv_export_has_the_bytes_of_the_first_form(odd_roster, monkeypatch, language):
    roster = odd_roster.participants.all()
    with translation.override(language):
        exporter = CSVExporter(roster, list(COLUMNS))
        stream = io.BytesIO()
        exporter.write(stream)
        expected = reference_csv(exporter, monkeypatch)

    header, _, rows = stream.getvalue().partition(b"\n")
    assert header.startswith("\ufeff".encode())
    assert rows.count(b"\n") >= len(ODD)
    assert rows == expected


def test_csv_export_follows_a_descending_ordering(odd_roster):
    class NewestFirst(CSVExporter):
        ordering = ("-registered_at", "pk")

    stream = io.BytesIO()
    NewestFirst(odd_roster.participants.all(), ["registered_at"]).write(stream)

    moments = stream.getvalue().decode("utf-8-sig").splitlines()[1:]
    assert moments == sorted(moments, reverse=True)
