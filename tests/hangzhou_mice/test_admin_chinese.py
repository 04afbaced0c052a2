"""The admin in Chinese reads as Chinese: Django's and django-otp's own words
come from our overrides catalogue (locale_overrides/) where theirs fall short."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chinese_admin(admin_client):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return admin_client


def test_article_list_reads_as_chinese(chinese_admin):
    ArticleFactory.create_batch(2)

    body = chinese_admin.get(reverse("admin:articles_article_changelist")).text

    assert "选择要修改的文章" in body
    assert "按发布时间筛选" in body  # the date hierarchy's heading
    assert "按语言" in body and "按状态" in body  # the filters' headings
    assert "- 请选择 -" in body
    for english in ("Filter by", "Select an option", "选择 文章 来修改", "以 语言"):
        assert english not in body


def test_admin_names_the_two_factor_devices_in_chinese(chinese_admin):
    body = chinese_admin.get(reverse("admin:index")).text

    assert "TOTP 设备" in body and "恢复码设备" in body
    assert "TOTP devices" not in body and "Static devices" not in body


def test_date_widget_time_zone_note_is_in_chinese(chinese_admin):
    catalogue = chinese_admin.get(reverse("admin:jsi18n")).text

    assert "\\u6ce8\\u610f\\uff1a\\u8bf7\\u6309 %(timezone)s" in catalogue  # 注意：请按
    assert "\\u670d\\u52a1\\u5668" in catalogue  # 服务器, when the zone is unnamed
