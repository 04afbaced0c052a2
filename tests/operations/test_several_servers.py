"""Several app servers sharing PostgreSQL and Redis (CACHE_URL=redis://...):
a page one server rendered is served by the others, a change committed
anywhere is served stale by none, and an unlock reaches every server at once.

Each server is gunicorn with one worker on a port of its own, as a machine of
its own would run it, on the test database."""

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "right-horse-battery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One browser's cookies, sent to whichever server it reaches."""

    opener = urllib.request.build_opener(NoRedirects)

    def __init__(self):
        self.cookies = {}

    def request(self, url, data=None):
        """(status, text) of a GET, or of a POST of `data`."""
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, body, {"Cookie": cookie})  # noqa: S310
        try:
            response = self.opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";")[0]
        return response.status, response.read().decode()

    def sign_in(self, server, password):
        _, page = self.request(server + LOGIN)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        form = {"csrfmiddlewaretoken": token, "username": "editor"}
        status, _ = self.request(server + LOGIN, form | {"password": password})
        return status


def wait_until_up(process, url, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)  # noqa: S310
            return
        except OSError:
            assert process.poll() is None, "the server exited"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)


@pytest.fixture
def cache_url(redis_url):
    """The shared cache, under a key prefix of this test's own."""
    return f"{redis_url}?key_prefix=test-{uuid.uuid4().hex}"


@pytest.fixture
def servers(cache_url):
    """Two app servers, "a" and "b": their base URLs."""
    db = connection.settings_dict
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "tests.operations.node_settings",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}"
        f"@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CACHE_URL": cache_url,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "test-only-not-secret",
        "LOG_DIR": "",
        "LOGIN_FAILURE_LIMIT": "2",
        "LOGIN_FAILURES_PER_MINUTE": "0",
    }
    urls = {}
    with contextlib.ExitStack() as stack:
        for name in "ab":
            port = free_port()
            process = subprocess.Popen(  # noqa: S603  (our own server, fixed arguments)
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "--workers=1",
                    f"--bind=127.0.0.1:{port}",
                    "--no-control-socket",
                    "--log-level=warning",
                ],
                env=environment,
                cwd=settings.BASE_DIR,
            )
            stack.callback(process.wait, 10)
            stack.callback(process.terminate)
            urls[name] = (process, f"http://127.0.0.1:{port}")
        for process, url in urls.values():
            wait_until_up(process, url)
        yield {name: url for name, (_, url) in urls.items()}


def test_a_page_one_server_rendered_is_served_by_the_other_never_stale(servers):
    article = ArticleFactory(title="Congress week")
    path = article.get_absolute_url()
    visitor = Visitor()
    assert "Congress week" in visitor.request(servers["a"] + path)[1]
    # A write that outdates no page (no signal, no counter): the server that
    # shows it rendered the page itself; the shared cache holds a's.
    Article.objects.filter(pk=article.pk).update(title="Unseen edit")

    assert "Congress week" in visitor.request(servers["b"] + path)[1]

    article.title = "Congress won"
    article.save()
    assert [
        "Congress won" in visitor.request(servers[name] + path)[1] for name in "bab"
    ] == [True, True, True]


def test_an_unlock_anywhere_lets_the_user_in_through_every_server_at_once(
    servers, cache_url, settings
):
    get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    visitor = Visitor()
    statuses = [visitor.sign_in(servers["b"], "wrong") for _ in range(2)]
    assert statuses == [200, 429]
    assert visitor.sign_in(servers["a"], PASSWORD) == 429

    # The bureau admin's delete, made by a third process on the same cache.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": cache_url.split("?")[0],
            "KEY_PREFIX": cache_url.split("key_prefix=")[1],
        }
    }
    AccessAttempt.objects.filter(username="editor").delete()

    assert visitor.sign_in(servers["b"], PASSWORD) == 302
