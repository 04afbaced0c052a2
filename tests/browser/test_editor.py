"""An editor writes an article in the admin's rich-text editor, which runs
under the admin's Content-Security-Policy (its import map carries the nonce)."""

import datetime

import pytest
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, EventFactory, make_image

from .checks import assert_sound, fill_login, sign_in

pytestmark = pytest.mark.browser

TITLE = {"en": "Sixty associations in Hangzhou", "zh-hans": "六十家协会齐聚杭州"}
SUMMARY = {"en": "Written in a browser.", "zh-hans": "在浏览器中撰写。"}
BODY = {"en": "They met at the lake.", "zh-hans": "会议在西湖边举行。"}


@pytest.fixture
def viewport():
    return {"width": 1280, "height": 900}


@pytest.fixture
def editor(staff_in):
    return staff_in("Editor", "lin")


def field_label(language, name):
    with translation.override(language):
        return capfirst(str(Article._meta.get_field(name).verbose_name))


def log_in(page, user):
    fill_login(page, user)
    page.wait_for_url("**/admin/articles/article/add/")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_editor_writes_an_article_in_the_rich_text_editor(
    editor, page, language, problems
):
    page.goto("/admin/articles/article/add/")
    assert_sound(page, problems)
    log_in(page, editor)
    assert_sound(page, problems)

    # Room to write and to read the tags (the body once started a line high).
    body = page.get_by_role("textbox", name=field_label(language, "body"))
    assert body.bounding_box()["height"] >= 200
    assert page.locator("#id_tags").bounding_box()["width"] >= 400

    page.select_option("#id_language", language)
    page.fill("#id_title", TITLE[language])
    page.fill("#id_summary", SUMMARY[language])
    page.get_by_role("textbox", name=field_label(language, "body")).click()
    page.keyboard.type(BODY[language])
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/articles/article/")
    assert_sound(page, problems)

    article = Article.objects.get(title=TITLE[language], language=language)
    assert article.body == f"<p>{BODY[language]}</p>"


@pytest.mark.parametrize("language", ["zh-hans"])
def test_restoring_a_draft_version_warns_that_the_page_goes_offline(
    superuser, page, problems
):
    page.goto("/admin/articles/article/add/")
    log_in(page, superuser)
    page.select_option("#id_language", "zh-hans")
    page.fill("#id_title", TITLE["zh-hans"])
    page.fill("#id_summary", SUMMARY["zh-hans"])
    page.get_by_role("textbox", name=field_label("zh-hans", "body")).click()
    page.keyboard.type(BODY["zh-hans"])
    page.locator("input[name=_continue]").click()  # a draft
    page.select_option("#id_status", "published")
    page.locator("input[name=_continue]").click()
    article = Article.objects.get(title=TITLE["zh-hans"])
    assert article.is_published

    page.goto(f"/admin/articles/article/{article.pk}/history/")
    # The oldest version first: the draft.
    page.locator("#change-history tbody th a").first.click()
    assert "恢复后页面将下线" in page.locator("#content-main").inner_text()
    assert_sound(page, problems)
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/articles/article/")

    assert (
        "访客已看不到此条目：它现在是草稿。"
        in page.locator(".messagelist").inner_text()
    )
    article.refresh_from_db()
    assert not article.is_published


@pytest.mark.parametrize("language", ["zh-hans"])
def test_the_image_screens_hold_to_the_accessibility_rules(editor, page, problems):
    image = make_image()
    sign_in(page, editor, "/admin/hangzhou_mice/image/")
    assert_sound(page, problems)

    page.get_by_role("textbox", name=f"{image.title} 的地址").first.click()
    page.goto(f"/admin/hangzhou_mice/image/{image.pk}/change/")
    assert_sound(page, problems)
    page.goto("/admin/hangzhou_mice/image/add/")
    assert "图片文件" in page.locator("#content-main").inner_text()
    assert_sound(page, problems)


def in_dialog(page, label, value):
    page.locator("dialog[open]").get_by_label(label, exact=True).fill(value)


@pytest.mark.parametrize("language", ["zh-hans"])
def test_an_editor_schedules_an_article_with_a_picture_from_the_library(
    superuser, page, problems, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 12, 7, 10, tzinfo=datetime.UTC))
    make_image(alt_text="Boats on West Lake", alt_text_zh_hans="西湖上的游船")
    older = ArticleFactory(
        language="zh-hans", title="杭州会展业年度回顾", tags=["会展"]
    )
    event = EventFactory(title="杭州PLUS北京推介会")
    page.goto("/admin/articles/article/add/")
    log_in(page, superuser)

    page.select_option("#id_language", "zh-hans")
    page.fill("#id_title", TITLE["zh-hans"])
    page.fill("#id_summary", SUMMARY["zh-hans"])
    body = page.get_by_role("textbox", name=field_label("zh-hans", "body"))
    body.click()
    # A heading and a list, as Markdown writes them; then a linked name.
    page.keyboard.type("## 会议场地\n- 三千人大会堂\n两百人宴会厅\n\n西湖国际会议中心")
    page.keyboard.press("Shift+Home")
    page.get_by_title("插入链接").click()
    in_dialog(page, "网址", "https://www.example.org/venue")
    page.locator("dialog[open] button[type=submit]").click()
    body.get_by_role("link", name="西湖国际会议中心").wait_for()
    expect(body).to_be_focused()  # the editor takes it back a frame later
    page.keyboard.press("ArrowRight")
    page.get_by_title("插图").click()
    with page.expect_popup() as opened:
        page.locator("dialog[open]").get_by_role("button", name="浏览……").click()
    picker = opened.value
    assert_sound(picker, problems)
    choose(picker.get_by_role("button", name="Hall"))
    # The Chinese alt text, as the article is Chinese.
    assert page.locator("dialog[open]").get_by_label("替代文本").input_value() == (
        "西湖上的游船"
    )
    page.locator("dialog[open] button[type=submit]").click()
    page.fill("#id_tags", "会展")
    about = page.get_by_role("searchbox", name="相关活动、场馆与会议大使")
    about.fill("PLUS")
    page.get_by_role("option", name=event.title).click()
    page.select_option("#id_status", "published")
    page.fill("#id_published_at_0", "2026-12-08")
    page.fill("#id_published_at_1", "09:00:00")  # Beijing time
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/articles/article/")

    assert "访客自 2026年12月8日 09:00 起可以看到。" in page.content()
    assert "定于 2026年12月8日 09:00 发布" in page.content()
    article = Article.objects.get(title=TITLE["zh-hans"])
    assert page.goto(article.get_absolute_url()).status == 404
    problems.clear()  # the browser's note of that 404

    time_machine.move_to(datetime.datetime(2026, 12, 8, 1, tzinfo=datetime.UTC))
    page.goto(article.get_absolute_url())
    content = page.locator("main")
    assert content.get_by_role("heading", name="会议场地", level=2).is_visible()
    assert (
        content.get_by_role("link", name="西湖国际会议中心").get_attribute("href")
        == "https://www.example.org/venue"
    )
    assert content.locator("li").all_inner_texts()[:2] == [
        "三千人大会堂",
        "两百人宴会厅",
    ]
    picture = content.get_by_role("img", name="西湖上的游船")
    assert (
        picture.get_attribute("srcset") and picture.get_attribute("loading") == "lazy"
    )
    assert content.get_by_role("link", name=older.title).is_visible()
    with translation.override("zh-hans"):
        event_page = event.get_absolute_url()
    assert content.get_by_role("link", name=event.title).get_attribute("href") == (
        event_page
    )
    assert_sound(page, problems)


def choose(choice):
    """Click a choice of the image picker, which closes its window as it
    hands the image over: a click that Playwright sees the window close
    under is the picker working, and the popup must then be gone."""
    picker = choice.page
    try:
        choice.click()
    except PlaywrightError:
        if not picker.is_closed():
            raise
    if not picker.is_closed():
        picker.wait_for_event("close")  # fails the test if it stays open
