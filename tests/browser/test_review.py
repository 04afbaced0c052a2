"""A change to a published article on its way through review: a writer
changes it and submits it, a reviewer sends it back with a comment, the
writer amends and resubmits, the reviewer approves, a publisher schedules
it, and it goes live on time while visitors see the published version until
then. In Chinese, as the bureau's editors work."""

import datetime

import pytest

from hangzhou_mice.models import Review
from tests.events.test_export_jobs import run_worker
from tests.factories import ArticleFactory

from .checks import assert_sound, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def language():
    return "zh-hans"


@pytest.fixture
def immediate_tasks(settings):
    """Tasks wait in the database queue for their time, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def viewport():
    return {"width": 1280, "height": 900}


def open_as(page, user, url):
    page.context.clear_cookies()
    sign_in(page, user, url)


def take(page, step, comment=""):
    if comment:
        page.fill("#id__workflow_comment", comment)
    with page.expect_navigation():
        page.get_by_role("button", name=step, exact=True).click()


def test_a_change_to_a_published_article_is_reviewed_and_goes_live_on_time(
    page, problems, staff_in, time_machine, live_server
):
    time_machine.move_to(datetime.datetime(2026, 12, 7, 10, tzinfo=datetime.UTC))
    writer = staff_in("Writer", "xiaowang")
    reviewer = staff_in("Reviewer", "laoli")
    publisher = staff_in("Publisher", "zhangke")
    article = ArticleFactory(
        language="zh-hans",
        title="六十家协会齐聚杭州",
        slug="sixty-associations",
        published_at=datetime.datetime(2026, 12, 1, 2, tzinfo=datetime.UTC),
        author=writer,
    )
    url = f"/admin/articles/article/{article.pk}/change/"
    public = article.get_absolute_url()

    def visitors_see(title):
        """What a new visitor sees: a browser of their own, which has kept
        no copy of the page (a public page may be kept a minute)."""
        visitor = page.context.browser.new_context()
        try:
            tab = visitor.new_page()
            tab.goto(live_server.url + public)
            return tab.locator("h1").inner_text() == title
        finally:
            visitor.close()

    open_as(page, writer, url)
    page.fill("#id_title", "五十八家协会齐聚杭州")
    take(page, "提交审核")
    assert "已保存，当前状态：审核中。" in page.content()
    assert visitors_see("六十家协会齐聚杭州")

    open_as(page, reviewer, url)
    assert "访客看到的仍是已发布的版本" in page.content()
    take(page, "退回修改")
    assert "请填写审核意见" in page.content()
    take(page, "退回修改", comment="请核对协会数量，并写明会议公司。")
    assert_sound(page, problems)

    open_as(page, writer, url)
    assert "请核对协会数量，并写明会议公司。" in page.content()
    page.fill("#id_title", "五十八家协会与三十家会议公司齐聚杭州")
    take(page, "提交审核")

    open_as(page, reviewer, url)
    with page.expect_navigation():
        page.get_by_role("link", name="对比修改与已发布的版本").click()
    assert "五十八家协会与三十家会议公司齐聚杭州" in page.content()
    assert_sound(page, problems)
    page.go_back()
    take(page, "审核通过")
    assert "已保存，当前状态：已通过审核。" in page.content()

    open_as(page, publisher, url)
    page.fill("#id__workflow_at", "2026-12-08T09:00")  # Beijing time
    take(page, "发布")
    assert "已保存，当前状态：已发布，修改定时生效。" in page.content()
    assert_sound(page, problems)

    assert visitors_see("六十家协会齐聚杭州")
    time_machine.move_to(datetime.datetime(2026, 12, 8, 0, 59, tzinfo=datetime.UTC))
    run_worker()
    assert visitors_see("六十家协会齐聚杭州")
    time_machine.move_to(datetime.datetime(2026, 12, 8, 1, 0, tzinfo=datetime.UTC))
    run_worker()
    assert visitors_see("五十八家协会与三十家会议公司齐聚杭州")
    article.refresh_from_db()
    assert (article.pending, article.review) == (None, Review.DRAFT)
