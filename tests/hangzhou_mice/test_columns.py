import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection
from django.utils import timezone

from hangzhou_mice import columns, exports
from hangzhou_mice.columns import Boolean, Choice, DateTime, Text, registry

LEVELS = [("low", "Low"), ("high", "High")]
# 2026-03-01 09:30 as a spreadsheet holds it: local time, no zone.
NAIVE = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC).replace(tzinfo=None)
HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "|x", "%y", "=A1|B1", "\tTAB", "\rCR"]


def test_registry_refuses_two_columns_with_one_identifier():
    with pytest.raises(ImproperlyConfigured):
        registry(Text("name", "Name"), Text("name", "Other name"))


def test_a_column_is_imported_into_its_own_field_only():
    assert Text("name", "Name").field == "name"
    assert Text("alias", "Alias", "name").field == "name"
    assert Text("group", "Group", "group__name").field is None
    assert Text("name", "Name", importable=False).field is None


def guard(value):
    sql, params = columns.guarded("%s", [value])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", params)
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_guard_neutralises_formulas_and_reads_back(value):
    cell = guard(value)

    assert cell.startswith("'")
    assert columns.unguard(cell) == value.strip()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["-2.5", "1,000.5", "Li Wei", "a=b", ""])
def test_guard_keeps_plain_numbers_and_text(value):
    assert guard(value) == value


def test_choice_parser_takes_values_and_labels_in_any_case():
    parse = Choice("level", "Level", choices=LEVELS).parser()

    assert [parse("low"), parse("HIGH"), parse(" high ")] == ["low", "high", "high"]
    with pytest.raises(ValidationError, match="is not one of: Low, High"):
        parse("medium")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("yes", True), ("TRUE", True), ("1", True), ("No", False), ("0", False)],
)
def test_boolean_parser_reads_yes_no_true_false_one_zero(raw, expected):
    assert Boolean("on", "On").parser()(raw) is expected


def test_boolean_parser_refuses_other_words():
    with pytest.raises(ValidationError, match="Write yes or no"):
        Boolean("on", "On").parser()("maybe")


@pytest.mark.parametrize(
    "raw",
    [
        "2026-03-01 09:30",
        "2026/3/1 9:30",
        "2026-03-01T01:30:00+00:00",
        NAIVE,  # an Excel date cell
    ],
)
def test_datetime_parser_reads_local_moments(raw):
    moment = DateTime("at", "At").parser()(raw)

    assert timezone.localtime(moment).replace(tzinfo=None) == NAIVE


@pytest.mark.parametrize("raw", ["0001-01-01", "2026-02-30", "tomorrow"])
def test_datetime_parser_refuses_impossible_dates(raw):
    with pytest.raises(ValidationError):
        DateTime("at", "At").parser()(raw)


def test_samplers_follow_the_declaration():
    samples = [
        Text("email", "Email", sample="user{i}@example.org").sampler()(7),
        Text("city", "City", sample="Hangzhou").sampler()(7),
        Text("note", "Note", sample=lambda i: "odd" if i % 2 else "").sampler()(7),
        Choice("level", "Level", choices=LEVELS).sampler()(3),
        Boolean("on", "On").sampler()(7),
        DateTime("at", "At").sampler()(7),
    ]

    assert samples == [
        "user7@example.org",
        "Hangzhou",
        "odd",
        "high",
        False,
        columns.SAMPLE_MOMENT,
    ]


# Another model exports through the same machinery by declaring its columns.
USER_COLUMNS = registry(
    Text("username", "User name"),
    Choice("level", "Level", "first_name", choices=LEVELS),
    Boolean("is_staff", "Staff"),
    DateTime("joined", "Joined", "date_joined"),
    Text("email", "Email", default=False),
)


class UserExporter(exports.Exporter):
    registry = USER_COLUMNS
    ordering = ("username",)
    slug = "users"
    title = "Users"


class UserCSVExporter(UserExporter, exports.CSVExporter):
    pass


class UserXLSXExporter(UserExporter, exports.XLSXExporter):
    pass


@pytest.fixture
def users():
    joined = datetime.datetime(2026, 3, 1, 1, 30, tzinfo=datetime.UTC)
    User.objects.create(username="li", first_name="high", date_joined=joined)
    User.objects.create(username="=an", first_name="", is_staff=True)


@pytest.mark.django_db
@pytest.mark.usefixtures("users")
def test_any_model_exports_its_own_columns_as_csv():
    buffer = io.BytesIO()
    UserCSVExporter(User.objects.all()).write(buffer)

    rows = list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8-sig"))))
    assert rows[0] == ["User name", "Level", "Staff", "Joined"]
    assert rows[1][:3] == ["'=an", "", "yes"]
    assert rows[2] == ["li", "High", "no", "2026-03-01 09:30"]  # Asia/Shanghai
    assert UserCSVExporter(None).filename("site").startswith("site-users-")


@pytest.mark.django_db
@pytest.mark.usefixtures("users")
def test_any_model_exports_its_own_columns_as_xlsx():
    buffer = io.BytesIO()
    UserXLSXExporter(User.objects.all(), ["username", "email", "joined"]).write(buffer)

    sheet = openpyxl.load_workbook(buffer)["Users"]
    rows = list(sheet.values)
    assert rows[0] == ("User name", "Email", "Joined")
    assert rows[2] == ("li", None, NAIVE)
