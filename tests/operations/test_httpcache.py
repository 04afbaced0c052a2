"""HTTP caching: validators and 304s on public pages and the feed, public
or private Cache-Control, compression only where no secret can leak."""

import gzip

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article
from tests.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()


def public_pages():
    article = Article.objects.published().first()
    return ["/en/", "/zh-hans/", "/en/articles/", article.get_absolute_url()]


def test_public_pages_revalidate_with_304(client, demo):
    for url in public_pages():
        first = client.get(url, HTTP_COOKIE="")
        assert first.status_code == 200, url
        etag = first["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again.content == b""
        assert again["ETag"] == etag


def test_a_first_visits_pages_may_be_kept_briefly_by_shared_caches(client, demo):
    for url in public_pages():
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        # One copy a path for everyone: no cookie, and a prefixed page does
        # not depend on the visitor's languages or cookies.
        assert (
            response["Cache-Control"],
            response.cookies,
            response["Vary"],
        ) == ("public, max-age=60", {}, "Accept-Encoding"), url


def test_only_the_language_switch_sets_the_language_cookie_privately(client, demo):
    response = client.get("/language/zh-hans/", {"next": "/zh-hans/articles/"})

    assert response["Location"] == "/zh-hans/articles/"
    assert response.cookies["django_language"].value == "zh-hans"
    assert "private" in response["Cache-Control"]


def test_a_changed_page_gets_a_new_etag(client, demo):
    article = Article.objects.published().first()
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    article.summary = "A new standfirst."
    article.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "A new standfirst." in response.content.decode()


def test_feed_answers_if_modified_since_with_304(client, demo):
    feed = client.get("/en/articles/feed/")
    assert feed.status_code == 200
    again = client.get(
        "/en/articles/feed/", HTTP_IF_MODIFIED_SINCE=feed["Last-Modified"]
    )
    assert again.status_code == 304


def test_staff_preview_and_admin_are_private_and_never_compressed(client, demo):
    staff = get_user_model().objects.create_superuser("chief", password="x")
    client.force_login(staff)
    article = Article.objects.first()
    for url in (f"/en/articles/{article.pk}/preview/", "/admin/"):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"], url
        assert "public" not in response["Cache-Control"], url
        assert "Content-Encoding" not in response, url


def test_public_pages_are_gzipped_when_asked(client, demo):
    response = client.get("/en/articles/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assert "<html" in html
    assert "csrfmiddlewaretoken" not in html


def test_login_page_with_its_csrf_token_is_private_and_plain(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert "private" in response["Cache-Control"]
    assert "Content-Encoding" not in response
