"""Ambassadors' names in each language's order and honorific, and the
meetings on their profiles in the page's language."""

import pytest
from django.utils import translation

from ambassadors.search import search_documents
from tests.factories import AmbassadorFactory, EventFactory, LeadFactory

pytestmark = pytest.mark.django_db

CHEN = {"name": "Chen Shifan", "chinese_name": "陈示范", "honorific": "prof"}


def get(client, path_of, language):
    with translation.override(language):
        path = path_of()
    return client.get(path).content.decode()


@pytest.mark.parametrize(
    ("language", "title", "heading"),
    [
        (
            "zh-hans",
            "陈示范教授",
            '<span class="person-name">陈示范教授</span> '
            '<span class="person-name person-name--other" lang="en">Chen Shifan'
            "</span>",
        ),
        (
            "en",
            "Prof. Chen Shifan",
            '<span class="person-name">Prof. Chen Shifan</span> '
            '<span class="person-name person-name--other" lang="zh-Hans">陈示范'
            "</span>",
        ),
    ],
)
def test_profile_names_the_ambassador_as_the_page_language_does(
    client, language, title, heading
):
    ambassador = AmbassadorFactory(**CHEN)

    body = get(client, ambassador.get_absolute_url, language)

    assert f"<title>{title} · " in body
    assert f'<meta property="og:title" content="{title}">' in body
    assert f"<h1>{heading}</h1>" in body


def test_latin_name_on_a_chinese_page_is_marked_and_takes_the_chinese_honorific(
    client,
):
    ambassador = AmbassadorFactory(name="Tian Mei", honorific="prof")

    body = get(client, ambassador.get_absolute_url, "zh-hans")

    assert '<h1><span class="person-name"><span lang="en">Tian Mei</span> 教授' in body


@pytest.mark.parametrize(
    ("language", "initial", "name"),
    [
        ("zh-hans", "陈", '<span class="person-name">陈示范教授</span>'),
        ("en", "C", '<span class="person-name">Prof. Chen Shifan</span>'),
    ],
)
def test_directory_cards_name_ambassadors_in_the_page_language(
    client, django_assert_max_num_queries, language, initial, name
):
    AmbassadorFactory(**CHEN)
    AmbassadorFactory.create_batch(5)

    with django_assert_max_num_queries(8):
        body = get(client, lambda: "/" + language + "/ambassadors/", language)

    assert f'<span class="card__initial" aria-hidden="true">{initial}</span>' in body
    assert name in body


def test_search_titles_name_the_ambassador_in_each_language():
    ambassador = AmbassadorFactory(**CHEN)

    titles = {doc.language: doc.title for doc in search_documents(ambassador)}

    assert titles == {"en": "Prof. Chen Shifan", "zh-hans": "陈示范教授"}


def test_won_meeting_is_named_by_its_events_title_in_the_page_language(client):
    ambassador = AmbassadorFactory()
    event = EventFactory(title_en="Asian Materials Forum", title_zh_hans="亚洲材料论坛")
    LeadFactory(
        ambassador=ambassador,
        status="won",
        won_event=event,
        meeting_name="Asian Materials Forum 2025 as typed",
    )

    chinese = get(client, ambassador.get_absolute_url, "zh-hans")
    english = get(client, ambassador.get_absolute_url, "en")

    assert f'<a href="/zh-hans/events/{event.slug}/">亚洲材料论坛</a>' in chinese
    assert f'<a href="/en/events/{event.slug}/">Asian Materials Forum</a>' in english


@pytest.mark.parametrize(
    ("translated", "meeting"),
    [
        ("", '<span lang="en">World Tea Symposium</span>'),
        ("世界茶叶研讨会", "<strong>世界茶叶研讨会</strong>"),
    ],
)
def test_typed_meeting_name_shows_its_translation_or_is_marked_with_its_language(
    client, translated, meeting
):
    ambassador = AmbassadorFactory()
    LeadFactory(
        ambassador=ambassador,
        status="won",
        meeting_name="World Tea Symposium",
        meeting_name_translated=translated,
    )

    body = get(client, ambassador.get_absolute_url, "zh-hans")

    assert meeting in body


def test_meeting_year_takes_full_width_brackets_on_a_chinese_page(client):
    ambassador = AmbassadorFactory()
    LeadFactory(ambassador=ambassador, status="won", meeting_name="茶叶大会", year=2027)

    body = get(client, ambassador.get_absolute_url, "zh-hans")

    assert "<strong>茶叶大会</strong>（2027）" in body


def test_draft_events_title_stays_hidden_behind_the_typed_meeting_name(client):
    ambassador = AmbassadorFactory()
    draft = EventFactory(title_en="Unreleased title", draft=True)
    LeadFactory(
        ambassador=ambassador, status="won", won_event=draft, meeting_name="Tea Forum"
    )

    body = get(client, ambassador.get_absolute_url, "en")

    assert "<strong>Tea Forum</strong>" in body
    assert "Unreleased title" not in body
