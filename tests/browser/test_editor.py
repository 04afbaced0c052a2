"""An editor writes an article in the admin's rich-text editor, which runs
under the admin's Content-Security-Policy (its import map carries the nonce)."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.text import capfirst

from articles.models import Article

from .checks import assert_sound

pytestmark = pytest.mark.browser

PASSWORD = "editor-pass-for-tests"
TITLE = {"en": "Sixty associations in Hangzhou", "zh-hans": "六十家协会齐聚杭州"}
SUMMARY = {"en": "Written in a browser.", "zh-hans": "在浏览器中撰写。"}
BODY = {"en": "They met at the lake.", "zh-hans": "会议在西湖边举行。"}


@pytest.fixture
def viewport():
    return {"width": 1280, "height": 900}


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        "lin", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def field_label(language, name):
    with translation.override(language):
        return capfirst(str(Article._meta.get_field(name).verbose_name))


def log_in(page, username):
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/articles/article/add/")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_editor_writes_an_article_in_the_rich_text_editor(
    editor, page, language, problems
):
    page.goto("/admin/articles/article/add/")
    assert_sound(page, problems)
    log_in(page, editor.username)
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
