"""An article on its way through review: a writer submits it, a reviewer
sends it back with a comment, the writer amends and resubmits, the reviewer
approves, a publisher schedules it, and it goes live on time. In Chinese,
as the bureau's editors work."""

import datetime

import pytest
from django.contrib.auth.models import Group

from hangzhou_mice.models import Review, Status
from tests.factories import ArticleFactory

from .checks import assert_sound

pytestmark = pytest.mark.browser

PASSWORD = "review-pass-for-tests"


@pytest.fixture
def language():
    return "zh-hans"


@pytest.fixture
def viewport():
    return {"width": 1280, "height": 900}


def staff(django_user_model, username, role):
    user = django_user_model.objects.create_user(
        username, password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def open_as(page, user, url):
    page.context.clear_cookies()
    page.goto(f"/admin/login/?next={url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"**{url}")


def take(page, step, comment=""):
    if comment:
        page.fill("#id__workflow_comment", comment)
    page.get_by_role("button", name=step, exact=True).click()
    page.wait_for_load_state()


def test_an_article_is_reviewed_scheduled_and_goes_live_on_time(
    page, problems, django_user_model, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 12, 7, 10, tzinfo=datetime.UTC))
    writer = staff(django_user_model, "xiaowang", "Writer")
    reviewer = staff(django_user_model, "laoli", "Reviewer")
    publisher = staff(django_user_model, "zhangke", "Publisher")
    article = ArticleFactory(
        language="zh-hans",
        title="六十家协会齐聚杭州",
        slug="sixty-associations",
        status=Status.DRAFT,
        published_at=None,
        author=writer,
    )
    url = f"/admin/articles/article/{article.pk}/change/"

    open_as(page, writer, url)
    take(page, "提交审核")
    assert "已保存，文章现为：审核中。" in page.content()

    open_as(page, reviewer, url)
    take(page, "退回修改")
    assert "请填写审核意见" in page.content()
    take(page, "退回修改", comment="请核对协会数量。")
    assert_sound(page, problems)

    open_as(page, writer, url)
    assert "请核对协会数量。" in page.content()
    page.fill("#id_title", "五十八家协会齐聚杭州")
    take(page, "提交审核")

    open_as(page, reviewer, url)
    take(page, "审核通过")
    assert "已保存，文章现为：已通过审核。" in page.content()

    open_as(page, publisher, url)
    page.fill("#id_published_at_0", "2026-12-08")
    page.fill("#id_published_at_1", "09:00:00")
    take(page, "发布")
    assert "已保存，文章现为：定时发布。" in page.content()
    assert_sound(page, problems)

    article.refresh_from_db()
    assert (article.title, article.status, article.review) == (
        "五十八家协会齐聚杭州",
        Status.PUBLISHED,
        Review.DRAFT,
    )
    public = article.get_absolute_url()
    page.context.clear_cookies()
    assert page.goto(public).status == 404
    time_machine.move_to(article.published_at + datetime.timedelta(minutes=1))
    assert page.goto(public).status == 200
    assert "五十八家协会齐聚杭州" in page.content()
