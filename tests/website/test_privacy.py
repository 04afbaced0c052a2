"""The privacy notice: in both languages, linked from the footer of every page."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "zh-hans")


def privacy_url(language):
    with translation.override(language):
        return reverse("privacy")


@pytest.mark.parametrize("language", LANGUAGES)
def test_privacy_notice_answers_in_each_language(client, language):
    response = client.get(privacy_url(language))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{"zh-Hans" if language == "zh-hans" else "en"}">' in html
    assert response.wsgi_request.LANGUAGE_CODE == language


def test_privacy_address_is_under_each_language_prefix():
    assert [privacy_url(language) for language in LANGUAGES] == [
        "/en/privacy/",
        "/zh-hans/privacy/",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_privacy_notice_gives_the_configured_roster_retention(
    client, settings, language
):
    settings.ROSTER_RETENTION_MONTHS = 18

    html = client.get(privacy_url(language)).content.decode()

    start = html.index('<li id="roster-retention">')
    assert re.search(r"\b18\b", html[start : html.index("</li>", start)])


def test_privacy_notice_names_the_controller_and_what_is_held(client):
    html = client.get(privacy_url("en")).content.decode()

    assert "Hangzhou Municipal Bureau of Culture, Radio, TV and Tourism runs" in html
    for heading in ("Event rosters", "Server logs", "A language cookie"):
        assert heading in html
    assert "12 months after the event ends" in html
    assert "365 days after your last choice of language" in html


def test_privacy_notice_gives_the_contact_address_when_configured(client, settings):
    settings.PRIVACY_CONTACT_EMAIL = "privacy@example.gov.cn"

    html = client.get(privacy_url("en")).content.decode()

    assert '<a href="mailto:privacy@example.gov.cn">' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_footer_of_the_home_page_links_to_the_privacy_notice(client, language):
    with translation.override(language):
        home = reverse("home")

    html = client.get(home).content.decode()

    footer = html[html.index('<footer class="site-footer">') :]
    assert f'href="{privacy_url(language)}"' in footer


def test_footer_link_is_marked_current_on_the_privacy_notice(client):
    html = client.get(privacy_url("en")).content.decode()

    assert '<a href="/en/privacy/" aria-current="page">' in html
