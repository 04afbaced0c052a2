"""The demo site as production serves it: DEBUG off, images from the site."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.utils import translation

from ambassadors.models import Ambassador
from articles.models import Article
from events.models import Venue
from tests.demo import load_demo

pytestmark = pytest.mark.django_db
LANGUAGES = ("en", "zh-hans")


class ImageSources(HTMLParser):
    """Every address in the src and srcset of a page's <img> and <source>."""

    def __init__(self):
        super().__init__()
        self.urls = set()

    def handle_starttag(self, tag, attrs):
        if tag not in ("img", "source"):
            return
        for name, value in attrs:
            if name == "src":
                self.urls.add(value)
            elif name == "srcset":
                self.urls.update(c.split()[0] for c in value.split(",") if c.strip())


def image_urls(html):
    parser = ImageSources()
    parser.feed(html)
    return parser.urls


def demo_pages():
    """The home, an article, a venue and an ambassador page, with pictures."""
    pages = []
    for language in LANGUAGES:
        article = Article.objects.published().in_language(language)
        article = article.filter(hero_image__isnull=False).first()
        venue = Venue.objects.published().filter(photos__isnull=False).first()
        ambassador = Ambassador.objects.active().filter(photo__isnull=False).first()
        with translation.override(language):
            pages += [f"/{language}/", article.get_absolute_url()]
            pages += [venue.get_absolute_url(), ambassador.get_absolute_url()]
    return pages


@pytest.fixture
def demo(settings):
    """The demo content; static files from the finders, as none are collected."""
    settings.WHITENOISE_USE_FINDERS = True
    load_demo()


def test_every_picture_on_the_demo_pages_is_served(client, demo, settings):
    assert settings.DEBUG is False
    urls = set()
    for page in demo_pages():
        response = client.get(page)
        assert response.status_code == 200, page
        urls |= image_urls(response.content.decode())
    media = {url for url in urls if url.startswith("/media/")}
    assert len(media) > 20

    for url in sorted(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("image/"), url


@pytest.mark.parametrize("url", ["/en/no-such-page/", "/media/images/none.jpg"])
def test_unknown_address_answers_the_site_404_page(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert re.search(r"<h1>Page not found</h1>", body)
    assert "URLconf" not in body  # Django's technical 404 page


def test_collected_static_files_go_out_with_brotli_and_for_ever(settings, tmp_path):
    """What `make serve` does: collectstatic with WhiteNoise's compressed
    manifest storage, then the stylesheet in Brotli when the browser asks."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.test import Client
    from whitenoise.compress import Compressor

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        }
    }
    # Every file is collected and named by its hash; the scripts and their
    # source maps (4 MB: the admin's and the editor's) are not compressed
    # here, which takes Brotli some 25 s of CPU and tests nothing more.
    settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
        *Compressor.SKIP_COMPRESS_EXTENSIONS,
        "js",
        "map",
    ]
    call_command("collectstatic", "--noinput", "-v0")
    staticfiles_storage._setup()  # the storage as the new settings say
    url = staticfiles_storage.url("css/site.css")
    assert re.search(r"/static/css/site\.[0-9a-f]{12}\.css$", url)

    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip, br")  # a new handler

    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"]
