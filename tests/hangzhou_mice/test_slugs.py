"""Slugs made from titles: Latin, short, free."""

import pytest

from hangzhou_mice.slugs import latin_slug, slug_for, unique_slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("杭州国际会展论坛", "hang-zhou-guo-ji-hui-zhan-lun-tan"),
        ("2026杭州MICE论坛", "2026-hang-zhou-mice-lun-tan"),
        ("重庆：绿色会议，“亚运”", "chong-qing-lv-se-hui-yi-ya-yun"),
        ("Hangzhou PLUS: Café Zürich", "hangzhou-plus-cafe-zurich"),
        ("Ｇ２０峰会", "g20-feng-hui"),
    ],
)
def test_title_becomes_a_lower_case_latin_slug(title, slug):
    assert latin_slug(title) == slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Hangzhou PLUS: sixty associations meet planners at the lake in Hangzhou",
            "hangzhou-plus-sixty-associations-meet-planners-at-the-lake",
        ),
        (
            "杭州国际博览中心举办二〇二六年亚洲会展产业大会暨绿色会议论坛开幕式",
            "hang-zhou-guo-ji-bo-lan-zhong-xin-ju-ban-er-ling-er-liu-nian",
        ),
    ],
)
def test_long_title_is_cut_at_a_word_boundary(title, slug):
    assert latin_slug(title) == slug


def test_one_long_word_is_cut_at_the_limit():
    assert latin_slug("a" * 80) == "a" * 60


def test_taken_slug_gets_the_next_free_number_within_the_limit():
    base = "hang-zhou-" + "x" * 49  # 59 characters: no room for "-2"
    taken = {base, "hang-zhou-2"}

    assert unique_slug("mice", taken={"mice", "mice-2"}.__contains__) == "mice-3"
    assert unique_slug(base, taken=taken.__contains__) == "hang-zhou-3"


def test_title_without_a_latin_form_gets_the_fallback():
    assert slug_for("🎉！", taken=lambda slug: False, fallback="article") == "article"
