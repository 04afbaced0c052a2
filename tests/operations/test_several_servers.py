"""Several app servers sharing PostgreSQL and Redis (CACHE_URL=redis://...):
a page one server rendered is served by the others, a change committed
anywhere is served stale by none, an unlock reaches every server at once,
an upload or an export made on one machine is served by another (through
PgBouncer, with the files in buckets), and cached pages are served while
the database restarts.

Each server is gunicorn with one worker on a port of its own, as a machine of
its own would run it, on the test database."""

import concurrent.futures
import contextlib
import io
import itertools
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import PIL.Image
import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from urllib3 import encode_multipart_formdata

from articles.models import Article
from config.settings.media import media_storage, private_storage
from events.models import RosterExportJob
from events.tasks import roster_export_job_run
from hangzhou_mice.models import Image
from hangzhou_mice.roles import EVENT_STAFF, WRITER
from operations.backup.database import client_path
from tests.conftest import pooler_release, service_url
from tests.factories import ArticleFactory, EventFactory, ParticipantFactory

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
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        response = self.send(url, body)
        return response.status, response.read().decode()

    def post_files(self, url, fields):
        """(status, text) of a multipart POST, with the CSRF token added."""
        token = {"csrfmiddlewaretoken": self.cookies["csrftoken"]}
        body, content_type = encode_multipart_formdata(fields | token)
        response = self.send(url, body, {"Content-Type": content_type})
        return response.status, response.read().decode()

    def location(self, url):
        """(status, Location) of a GET."""
        response = self.send(url)
        return response.status, response.headers.get("Location")

    def send(self, url, body=None, headers=None):
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        headers = {"Cookie": cookie} | (headers or {})
        request = urllib.request.Request(url, body, headers)  # noqa: S310
        try:
            response = self.opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";")[0]
        return response

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


def environment(database, cache_url):
    """An app server's: production's settings on `database` and `cache_url`."""
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "tests.operations.node_settings",
        "DATABASE_URL": database,
        "CACHE_URL": cache_url,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "test-only-not-secret",
        "LOG_DIR": "",
        "LOGIN_FAILURE_LIMIT": "2",
        "LOGIN_FAILURES_PER_MINUTE": "0",
    }


@contextlib.contextmanager
def serving(variables, count=1, workers=1):
    """`count` gunicorn servers on ports of their own: their base URLs."""
    started = []
    try:
        for _ in range(count):
            port = free_port()
            process = subprocess.Popen(  # noqa: S603  (our own server, fixed arguments)
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    f"--workers={workers}",
                    f"--bind=127.0.0.1:{port}",
                    "--no-control-socket",
                    "--log-level=warning",
                ],
                env=variables,
                cwd=settings.BASE_DIR,
            )
            started.append((process, f"http://127.0.0.1:{port}"))
        for process, url in started:
            wait_until_up(process, url)
        yield [url for _process, url in started]
    finally:  # every server stopped at once, then each waited for
        for process, _url in started:
            process.terminate()
        for process, _url in started:
            process.wait(10)


def suite_database_url():
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}"
        f"@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )


@pytest.fixture
def servers(cache_url):
    """Two app servers, "a" and "b": their base URLs."""
    with serving(environment(suite_database_url(), cache_url), count=2) as urls:
        yield dict(zip("ab", urls, strict=True))


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


@pytest.fixture
def pooled_servers(cache_url, s3, settings):
    """Servers "a" and "b" as on two machines: the cache in Redis, PostgreSQL
    through PgBouncer in transaction mode, media and exports in buckets. This
    process shares the buckets, as a task worker would."""
    pooler = urllib.parse.urlsplit(service_url("PGBOUNCER_TEST_URL", "PgBouncer"))
    direct = suite_database_url()
    pooled = urllib.parse.urlsplit(direct)._replace(netloc=pooler.netloc).geturl()
    media, private = s3.bucket(public=True), s3.bucket()
    settings.MEDIA_BUCKET, settings.PRIVATE_BUCKET = media, private
    settings.STORAGES = settings.STORAGES | {
        "default": media_storage(media),
        "private": private_storage(private),
    }
    variables = environment(pooled, cache_url) | {
        "DATABASE_DIRECT_URL": direct,
        "MEDIA_BUCKET": media,
        "PRIVATE_BUCKET": private,
        "REQUIRE_STAFF_2FA": "0",
    }
    try:
        with serving(variables, count=2) as urls:
            yield dict(zip("ab", urls, strict=True))
    finally:
        pooler_release(pooler, connection.settings_dict["NAME"])


def test_an_upload_or_an_export_made_on_one_machine_is_served_by_the_other(
    pooled_servers,
):
    servers = pooled_servers
    editor = get_user_model().objects.create_user(
        "editor", password=PASSWORD, is_staff=True
    )
    editor.groups.add(*Group.objects.filter(name__in=[WRITER, EVENT_STAFF]))
    visitor = Visitor()
    assert visitor.sign_in(servers["a"], PASSWORD) == 302
    picture = io.BytesIO()
    PIL.Image.new("RGB", (640, 480), "teal").save(picture, "JPEG")

    status, _ = visitor.post_files(
        servers["a"] + reverse("admin:hangzhou_mice_image_picker"),
        {
            "upload-title": "West Lake",
            "upload-alt_text_en": "Boats on West Lake",
            "upload-alt_text_zh_hans": "西湖上的游船",
            "upload-file": ("lake.jpg", picture.getvalue(), "image/jpeg"),
        },
    )
    image = Image.objects.get()
    page = visitor.request(
        servers["b"] + reverse("admin:hangzhou_mice_image_change", args=[image.pk])
    )[1]
    link = default_storage.url(image.file.name)
    with urllib.request.urlopen(link, timeout=5) as got:  # noqa: S310
        served = got.read()
    assert (status, link in page, served[:3]) == (302, True, b"\xff\xd8\xff")

    # A background export, written here as by a worker on a third machine.
    event = EventFactory(title="Asia Congress")
    ParticipantFactory(event=event, full_name="Tian Mei")
    job = RosterExportJob.objects.create(
        event=event,
        user=editor,
        options={"file_format": "csv", "columns": ["full_name"], "filters": {}},
        language="en",
    )
    roster_export_job_run.call(job.pk)
    download = reverse(
        "admin:events_event_roster_export_download", args=[event.pk, job.pk]
    )
    status, signed = visitor.location(servers["b"] + download)
    with urllib.request.urlopen(signed, timeout=5) as got:  # noqa: S310
        assert (status, "Tian Mei" in got.read().decode()) == (302, True)


POSTGRES = settings.BASE_DIR / "scripts" / "postgres.sh"


def scratch(action, port):
    """scripts/postgres.sh on the scratch cluster; its URL when started."""
    return subprocess.run(  # noqa: S603  (our own script, fixed arguments)
        [POSTGRES, "scratch", action],
        env=os.environ | {"PG_SCRATCH_PORT": str(port)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@contextlib.contextmanager
def scratch_copy():
    """A copy of the test database as it now stands, in a cluster of its own
    that the test may stop and start (never the suite's shared one): its URL
    and port."""
    port = free_port()
    url = scratch("start", port)
    try:
        dump = subprocess.run(  # noqa: S603
            [client_path("pg_dump"), "--no-owner", suite_database_url()],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(  # noqa: S603
            [client_path("psql"), "-q", "-v", "ON_ERROR_STOP=1", url],
            input=dump,
            capture_output=True,
            check=True,
        )
        yield url, port
    finally:
        scratch("destroy", port)


class Load(threading.Thread):
    """Visitors asking for `paths` over and over, four at once, until
    stopped: (when, path, status or the error) of every answer."""

    def __init__(self, base, paths):
        super().__init__()
        self.base, self.paths = base, paths
        self.answers, self.stop = [], threading.Event()

    def run(self):
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            list(pool.map(self.visit, range(4)))

    def visit(self, offset):
        visitor = Visitor()
        for path in itertools.islice(itertools.cycle(self.paths), offset, None):
            if self.stop.is_set():
                return
            try:
                status, _ = visitor.request(self.base + path)
            except OSError as error:
                status = repr(error)
            self.answers.append((time.monotonic(), path, status))

    def answered_since(self, moment):
        return [a for a in self.answers if a[0] >= moment]

    def wait_for_answers(self, count, since, seconds=30):
        deadline = time.monotonic() + seconds
        while len(self.answered_since(since)) < count:
            assert time.monotonic() < deadline, "no answers"
            time.sleep(0.01)


def test_cached_pages_outlive_a_database_restart_under_load(
    transactional_db, cache_url
):
    articles = [ArticleFactory(tags=["MICE"]) for _ in range(3)]
    cached = ["/en/", "/en/articles/", *(a.get_absolute_url() for a in articles)]
    with (
        scratch_copy() as (url, port),
        serving(environment(url, cache_url), workers=2) as (base,),
    ):
        for path in cached:  # rendered once, into the shared cache
            assert Visitor().request(base + path)[0] == 200
        load = Load(base, cached)
        load.start()
        try:
            load.wait_for_answers(50, since=0)
            down = time.monotonic()
            scratch("stop", port)
            health = Visitor().request(base + "/healthz")[0]
            load.wait_for_answers(200, since=time.monotonic())
            scratch("start", port)
            up = time.monotonic()
            load.wait_for_answers(200, since=up + 2)
        finally:
            load.stop.set()
            load.join()

    during = [s for when, _p, s in load.answers if down <= when <= up]
    after = [s for _w, _p, s in load.answered_since(up + 2)]
    assert health == 503
    assert (len(during) >= 200, set(during), set(after)) == (True, {200}, {200})
