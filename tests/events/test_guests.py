"""The guests and speakers of an event page: names and roles in each
language's order, what is in another language marked with it."""

import pytest
from django.utils import translation

from tests.factories import EventFactory, OrganizationFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

ICCA = {"name_en": "ICCA", "name_zh_hans": "国际大会及会议协会（ICCA）"}


def page(client, event, language):
    with translation.override(language):
        url = event.get_absolute_url()
    return client.get(url).content.decode()


@pytest.fixture
def event():
    return EventFactory()


def guest(event, **fields):
    return ParticipantFactory(event=event, is_public=True, **fields)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "zh-hans",
            '<span class="person-name">田梅</span> '
            '<span class="person-name person-name--other" lang="en">Tian Mei</span>',
        ),
        (
            "en",
            '<span class="person-name">Tian Mei</span> '
            '<span class="person-name person-name--other" lang="zh-Hans">田梅</span>',
        ),
    ],
)
def test_guest_name_leads_with_the_page_languages_script(
    client, event, language, expected
):
    guest(event, full_name="Tian Mei", chinese_name="田梅")

    assert expected in page(client, event, language)


def test_latin_name_without_characters_is_marked_english_on_a_chinese_page(
    client, event
):
    guest(event, full_name="Noor Ahmad Hamid")

    body = page(client, event, "zh-hans")

    assert '<span class="person-name"><span lang="en">Noor Ahmad Hamid</span>' in body


@pytest.mark.parametrize(
    ("language", "role"),
    [
        ("zh-hans", "国际大会及会议协会（ICCA）亚太区总监"),
        ("en", "Regional Director Asia Pacific, ICCA"),
    ],
)
def test_role_shows_the_page_languages_job_title_in_its_word_order(
    client, event, language, role
):
    guest(
        event,
        job_title="Regional Director Asia Pacific",
        chinese_job_title="亚太区总监",
        organization=OrganizationFactory(**ICCA),
    )

    assert f'<span class="muted">{role}</span>' in page(client, event, language)


@pytest.mark.parametrize(
    ("fields", "language", "role"),
    [
        (
            {"job_title": "Regional Director"},
            "zh-hans",
            '国际大会及会议协会（ICCA） <span lang="en">Regional Director</span>',
        ),
        (
            {"chinese_job_title": "亚太区总监"},
            "en",
            '<span lang="zh-Hans">亚太区总监</span>, ICCA',
        ),
        # A Chinese title typed where the English one goes reads as Chinese.
        (
            {"job_title": "亚太区总监"},
            "zh-hans",
            "国际大会及会议协会（ICCA）亚太区总监",
        ),
    ],
)
def test_missing_job_title_falls_back_to_the_other_marked_with_its_language(
    client, event, fields, language, role
):
    guest(event, organization=OrganizationFactory(**ICCA), **fields)

    assert f'<span class="muted">{role}</span>' in page(client, event, language)


def test_guest_list_queries_do_not_grow_with_guests(
    client, event, django_assert_max_num_queries
):
    for n in range(12):
        guest(
            event,
            full_name=f"Guest {n}",
            chinese_name=f"嘉宾{n}",
            chinese_job_title="主任",
            organization=OrganizationFactory(),
        )
    with translation.override("zh-hans"):
        url = event.get_absolute_url()

    with django_assert_max_num_queries(12):
        response = client.get(url)

    assert response.content.decode().count('class="person-name"') == 12
