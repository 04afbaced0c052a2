"""An image's alt text and credit per language, and where each is required."""

import html
import importlib

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from hangzhou_mice import images
from tests.factories import (
    ArticleFactory,
    EventFactory,
    VenueFactory,
    make_image,
)

pytestmark = pytest.mark.django_db

SPLIT = "0009_image_alt_text_credit_per_language"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def described(en="", zh="", credit_en="", credit_zh=""):
    """A stored image with alt text and credit in the languages given."""
    image = make_image(alt_text="")
    image.alt_text_en, image.alt_text_zh_hans = en, zh
    image.credit_en, image.credit_zh_hans = credit_en, credit_zh
    image.save()
    return image


# The migration


def test_migration_moves_each_text_into_the_language_it_is_written_in():
    image = make_image()
    state = MigrationLoader(connection).project_state(("hangzhou_mice", SPLIT))
    Historical = state.apps.get_model("hangzhou_mice", "Image")
    Historical.objects.filter(pk=image.pk).update(
        alt_text="西湖上的游船",
        credit="Photo: Li Wei",
        alt_text_en=None,
        alt_text_zh_hans=None,
        credit_en=None,
        credit_zh_hans=None,
    )
    migration = importlib.import_module(f"hangzhou_mice.migrations.{SPLIT}")

    migration.split_by_language(state.apps, None)

    image.refresh_from_db()
    assert (image.alt_text_en, image.alt_text_zh_hans) == (None, "西湖上的游船")
    assert (image.credit_en, image.credit_zh_hans) == ("Photo: Li Wei", None)


# Publishing asks for the alt text of every language the page is shown in


@pytest.mark.parametrize(
    ("language", "en", "zh", "refused"),
    [
        ("zh-hans", "Boats", "", True),
        ("zh-hans", "", "游船", False),
        ("en", "Boats", "", False),
        ("en", "", "游船", True),
    ],
)
def test_an_article_needs_alt_text_in_its_own_language_only(language, en, zh, refused):
    article = ArticleFactory.build(language=language, hero_image=described(en, zh))

    if refused:
        with pytest.raises(ValidationError) as error:
            article.validate_image_alt_texts()
        assert "hero_image" in error.value.message_dict
    else:
        article.validate_image_alt_texts()


def test_an_event_needs_alt_text_in_both_languages_and_says_which_is_missing():
    event = EventFactory.build(hero_image=described(en="Delegates in a hall"))

    with pytest.raises(ValidationError) as error:
        event.validate_image_alt_texts()

    assert error.value.message_dict["hero_image"] == [
        "This image has no alt text in Simplified Chinese yet: give it some (in "
        "Images) before publishing."
    ]


def test_chinese_alt_text_of_a_published_venue_photo_cannot_be_cleared():
    image = described(en="A hall", zh="会议厅")
    VenueFactory().photos.create(image=image)
    image.alt_text_zh_hans = ""

    with pytest.raises(ValidationError) as error:
        image.full_clean()

    assert list(error.value.message_dict) == ["alt_text_zh_hans"]


def test_english_alt_text_may_be_cleared_where_only_a_chinese_article_shows_it():
    image = described(en="A hall", zh="会议厅")
    ArticleFactory(language="zh-hans", hero_image=image)
    image.alt_text_en = ""

    image.full_clean()

    assert image.languages_shown_in() == ["zh-hans"]


# Pages show the page's language, or mark the other's


def render(source, language, **context):
    with translation.override(language):
        return Template("{% load mice %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "en", "zh", "img"),
    [
        ("zh-hans", "Boats", "游船", 'alt="游船" loading'),
        ("zh-hans", "Boats", "", 'alt="Boats" lang="en" loading'),
        ("en", "", "游船", 'alt="游船" lang="zh-Hans" loading'),
        ("en", "Boats", "游船", 'alt="Boats" loading'),
    ],
)
def test_picture_alt_text_is_the_page_s_language_or_marked(language, en, zh, img):
    image = described(en, zh)

    assert img in render('{% picture image sizes="10rem" %}', language, image=image)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", '<span class="credit">杭州会展</span>'),
        ("en", '<span class="credit" lang="zh-Hans">杭州会展</span>'),
    ],
)
def test_credit_is_marked_where_shown_in_the_other_language(language, expected):
    image = described(credit_zh="杭州会展")

    assert render("{% credit image %}", language, image=image) == expected


def test_chinese_article_page_shows_chinese_alt_text_and_credit(client):
    image = described("Boats", "西湖上的游船", "Photo: Li Wei", "摄影：李伟")
    article = ArticleFactory(language="zh-hans", title="西湖", hero_image=image)

    body = client.get(article.get_absolute_url()).content.decode()

    assert 'alt="西湖上的游船"' in body
    assert '<meta property="og:image:alt" content="西湖上的游船">' in body
    assert '<span class="credit">摄影：李伟</span>' in body
    assert "Boats" not in body and "Li Wei" not in body


def test_og_image_alt_is_left_out_without_alt_text_in_the_page_s_language(client):
    event = EventFactory(hero_image=described(en="Delegates in a hall"))
    with translation.override("zh-hans"):
        url = event.get_absolute_url()

    body = client.get(url).content.decode()

    assert 'property="og:image"' in body
    assert "og:image:alt" not in body
    assert 'alt="Delegates in a hall" lang="en"' in body


# The image admin


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["Alt text (English)", "Credit (Simplified Chinese)"]),
        ("zh-hans", ["替代文本（英文）", "图片来源（简体中文）"]),
    ],
)
def test_admin_shows_both_languages_side_by_side(admin_client, language, labels):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    image = described("Boats", "游船")

    response = admin_client.get(
        reverse("admin:hangzhou_mice_image_change", args=[image.pk])
    )

    body = html.unescape(response.content.decode())
    assert "form-multiline field-alt_text_en field-alt_text_zh_hans" in body
    assert "form-multiline field-credit_en field-credit_zh_hans" in body
    assert all(label in body for label in labels)


def test_upload_help_gives_whole_sizes_and_counts_pixels_as_the_language_does():
    with translation.override("en"):
        english = images.pixels_label(40_000_000), images.size_label(20 << 20)
    with translation.override("zh-hans"):
        chinese = images.pixels_label(40_000_000)

    assert english == ("40 megapixels", "20\xa0MB")
    assert chinese == "4000 万像素"


def test_admin_search_finds_an_image_by_either_language(admin_client):
    image = described("Boats on West Lake", "西湖上的游船")

    for query in ("Boats", "游船"):
        response = admin_client.get(
            reverse("admin:hangzhou_mice_image_changelist"), {"q": query}
        )
        assert list(response.context["cl"].result_list) == [image]
