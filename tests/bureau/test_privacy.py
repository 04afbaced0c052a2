"""The privacy notice: in both languages, versioned, reading the bureau's
record, linked from the footer of every page."""

import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings as project_settings
from django.urls import reverse
from django.utils import translation

from bureau import privacy
from bureau.models import Bureau

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


def test_privacy_notice_shows_its_version_and_date(client, monkeypatch):
    monkeypatch.setattr(privacy, "VERSION", 7)
    monkeypatch.setattr(privacy, "DATE", privacy.datetime.date(2027, 3, 1))

    english = client.get(privacy_url("en")).content.decode()
    chinese = client.get(privacy_url("zh-hans")).content.decode()

    assert "Version 7, in force since March 1, 2027" in english
    assert "第 7 版，自2027年3月1日起施行" in chinese


def test_a_changed_notice_needs_a_new_version():
    template = Path(project_settings.BASE_DIR) / "templates" / privacy.TEMPLATE
    fingerprint = hashlib.sha256(template.read_bytes()).hexdigest()

    assert fingerprint == privacy.TEMPLATE_SHA256, (
        "The privacy notice changed: raise bureau.privacy.VERSION, set DATE and "
        f"TEMPLATE_SHA256 = {fingerprint!r}."
    )


@pytest.mark.parametrize(
    ("language", "runs", "address"),
    [
        ("en", "Test Bureau runs this website", "1 Lake Road"),
        ("zh-hans", "本网站由测试局运营", "湖滨路1号"),
    ],
)
def test_privacy_notice_reads_the_bureau_record(client, language, runs, address):
    bureau = Bureau.current()
    bureau.name_en, bureau.name_zh_hans = "Test Bureau", "测试局"
    bureau.privacy_email, bureau.email = "privacy@example.org", "hello@example.org"
    bureau.address_en, bureau.address_zh_hans = "1 Lake Road", "湖滨路1号"
    bureau.save()

    html = client.get(privacy_url(language)).content.decode()
    start = html.index('<p id="privacy-contact">')
    contact = html[start : html.index("</p>", start)]

    assert runs in html
    assert '<a href="mailto:privacy@example.org">' in contact
    assert address in contact


def test_privacy_contact_falls_back_to_the_general_address_then_the_setting(
    client, settings
):
    settings.PRIVACY_CONTACT_EMAIL = "old@example.gov.cn"
    bureau = Bureau.current()

    def contact():
        html = client.get(privacy_url("en")).content.decode()
        start = html.index('<p id="privacy-contact">')
        return html[start : html.index("</p>", start)]

    bureau.privacy_email, bureau.email = "", "hello@example.org"
    bureau.save()
    general = contact()
    bureau.email = ""
    bureau.save()
    setting = contact()
    settings.PRIVACY_CONTACT_EMAIL = ""
    nothing = contact()

    assert 'href="mailto:hello@example.org"' in general
    assert 'href="mailto:old@example.gov.cn"' in setting
    assert "mailto:" not in nothing and "foot of every page" in nothing


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
