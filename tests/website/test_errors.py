"""Error pages in the language of the address, with a switch that works."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db

OTHER = {"en": "zh-hans", "zh-hans": "en"}
HTML_LANG = {"en": '<html lang="en">', "zh-hans": '<html lang="zh-Hans">'}


def text(language, message):
    with translation.override(language):
        return translation.gettext(message)


def refuse(*args, **kwargs):
    raise PermissionDenied


def database_down(*args, **kwargs):
    raise OperationalError("the database is down")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_404_is_in_the_language_of_its_address(client, language):
    response = client.get(f"/{language}/nowhere/")

    body = response.content.decode()
    assert response.status_code == 404
    assert HTML_LANG[language] in body
    assert f"<h1>{text(language, 'Page not found')}</h1>" in body


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_404_switch_and_hreflang_lead_to_the_other_home_page(client, language):
    other = OTHER[language]

    body = client.get(f"/{language}/nowhere/").content.decode()

    assert f'<a href="/language/{other}/?next=/{other}/" hreflang=' in body
    # Neither the switch nor an alternate link offers the missing address.
    assert f"/{other}/nowhere/" not in body
    assert 'rel="alternate" hreflang' not in body


def test_404_outside_the_language_prefixes_is_in_the_visitors_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    response = client.get("/no-such-place/")

    assert response.status_code == 404
    assert HTML_LANG["zh-hans"] in response.content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_500_is_static_in_the_address_language_with_the_database_down(client, language):
    """No query, no context processor: every query fails, and the page
    still comes, with its switch to the other language's home page."""
    client.raise_request_exception = False

    with connection.execute_wrapper(database_down):
        response = client.get(f"/{language}/privacy/")

    body = response.content.decode()
    assert response.status_code == 500
    assert HTML_LANG[language] in body
    assert f'<a href="/{OTHER[language]}/" hreflang=' in body
    assert ("服务器出了点问题" in body) == (language == "zh-hans")


def test_500_outside_the_prefixes_is_in_the_visitors_language(client):
    client.raise_request_exception = False
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    with connection.execute_wrapper(database_down):
        response = client.get("/sitemap.xml")

    assert response.status_code == 500
    assert HTML_LANG["zh-hans"] in response.content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_public_403_is_in_the_address_language(client, monkeypatch, language):
    monkeypatch.setattr("bureau.privacy.PrivacyView.get", refuse)

    response = client.get(f"/{language}/privacy/")

    body = response.content.decode()
    assert response.status_code == 403
    assert HTML_LANG[language] in body
    assert f"<h1>{text(language, 'Access denied')}</h1>" in body
    other = OTHER[language]
    assert f'<a href="/language/{other}/?next=/{other}/" hreflang=' in body


def test_admin_403_is_an_admin_page_in_the_editors_language(client, staff_member):
    staff_member()  # no permission at all
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    response = client.get("/admin/articles/article/add/")

    body = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="zh-hans"' in body
    assert 'id="site-name"' in body  # the admin's own frame
    assert f"<h1>{text('zh-hans', 'Access denied')}</h1>" in body


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_csrf_failure_is_a_page_in_the_address_language(language):
    client = Client(enforce_csrf_checks=True)

    response = client.post(f"/{language}/enquire/", {"name": "Ada"})

    body = response.content.decode()
    assert response.status_code == 403
    assert HTML_LANG[language] in body
    assert f"<h1>{text(language, 'The form has expired')}</h1>" in body
    assert f'<a href="/{language}/enquire/">' in body
