"""Event staff's day, in Chinese: open an event, export its roster, import a
file with one bad row (told whose row, which value and why), then the fixed
file, and see the counts at the top of the event page."""

import pytest

from events.models import Participant
from tests.factories import EventFactory, ParticipantFactory

from .checks import assert_sound, sign_in

pytestmark = pytest.mark.browser

HEADER = "姓名,类别,电子邮箱,所属机构,机构所在城市\r\n"


@pytest.fixture
def language():
    return "zh-hans"


@pytest.fixture
def viewport():
    return {"width": 1366, "height": 900}


@pytest.fixture
def event_staff(staff_in):
    return staff_in("Event staff", "xiaozhou")


def upload(page, tmp_path, second_row):
    """Choose a roster file: 陈兰's row, then `second_row`."""
    roster = tmp_path / "名单.csv"
    rows = [HEADER.strip(), "陈兰,PCO,lan@example.org,钱塘会议公司,杭州", second_row]
    roster.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8-sig")
    page.set_input_files("input[type=file]", str(roster))


def test_event_staff_export_then_import_a_bad_file_and_a_good_one(
    page, problems, event_staff, tmp_path
):
    event = EventFactory(title="杭州PLUS北京推介会", slug="hangzhou-plus-beijing")
    ParticipantFactory.create_batch(3, event=event)
    url = f"/admin/events/event/{event.pk}/change/"
    sign_in(page, event_staff, url)
    assert "3 名参会人员" in page.locator(".field-roster_summary").inner_text()
    assert_sound(page, problems)

    page.get_by_role("link", name="导出名单").click()
    assert "Excel 工作簿" in page.content()
    assert_sound(page, problems)
    with page.expect_download() as download:
        page.get_by_role("button", name="下载").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.goto(url)
    page.get_by_role("link", name="导入参会人员").click()
    upload(page, tmp_path, "王伟,演讲嘉宾,not-an-email,,")
    page.get_by_role("button", name="检查文件（试运行）").click()
    errors = page.locator("#content-main table").first.inner_text()
    assert "王伟" in errors and "not-an-email" in errors
    assert page.locator("input[name=token]").count() == 0
    assert_sound(page, problems)

    upload(page, tmp_path, "王伟,演讲嘉宾,wang@example.org,,")
    page.get_by_role("button", name="检查文件（试运行）").click()
    assert (
        "陈兰" in page.locator("#content-main table").first.inner_text()
    )  # to be added
    page.get_by_role("button", name="立即导入").click()
    page.wait_for_url(f"**{url}")

    assert "5 名参会人员" in page.locator(".field-roster_summary").inner_text()
    assert Participant.objects.filter(event=event).count() == 5
    assert_sound(page, problems)
