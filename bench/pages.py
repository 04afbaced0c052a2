"""Detail and list pages under gunicorn on loopback, measured with wrk."""

import concurrent.futures
import datetime
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from ambassadors.models import Ambassador
from articles.models import Article
from events.models import Event, Venue
from hangzhou_mice.models import Status

from .common import result

CONNECTIONS = 16
# gunicorn sync workers, each with its own page cache (LocMemCache).
WORKERS = 2


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_event():
    venue = Venue.objects.published().first()
    event, _ = Event.objects.get_or_create(
        slug="bench-congress",
        defaults={
            "title": "Bench congress",
            "kind": Event.Kind.CONGRESS,
            "start": timezone.now() + datetime.timedelta(days=60),
            "end": timezone.now() + datetime.timedelta(days=62),
            "city": "Hangzhou",
            "summary": "A congress for the benchmark.",
            "status": Status.PUBLISHED,
            "published_at": timezone.now(),
            "venue": venue,
        },
    )
    event.tags.set(["bench topic 0000", "bench topic 0001"])
    return event


def start_gunicorn(port, static_root, *, cached=True, workers=WORKERS, **variables):
    """gunicorn on `port`, its static files collected into `static_root`
    unless they are there already; `variables` are added to its environment."""
    env = os.environ | {
        "ROOT_URLCONF": "bench.urls",
        "DEBUG": "0",
        "STATIC_ROOT": static_root,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench"),
        # Every cache off: pages, related-article ids, list counts.
        **({} if cached else {"CACHE_URL": "dummycache://"}),
        **variables,
    }
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    if not (Path(static_root) / "staticfiles.json").exists():
        subprocess.run(  # noqa: S603
            [*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True
        )
    server = subprocess.Popen(  # noqa: S603  (our own server, fixed arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            # Its default path is one per user: a second server would take it.
            "--no-control-socket",
        ],
        env=env,
        cwd=settings.BASE_DIR,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def wrk(url, seconds, script=None):
    """Return (requests per second, p99 latency in ms, error responses).
    `script`: a wrk Lua script choosing each request's path."""
    options = ["-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    options += ["-s", script] if script else []
    out = subprocess.run(  # noqa: S603
        ["wrk", *options, url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors += sum(int(n) for n in re.findall(r"Socket errors:.*?(\d+)", out))
    return rps, p99, errors


# Pages measured with every cache off too, and those measured as hits only.
MISSED = (
    "Home",
    "Article detail",
    "Event detail",
    "Venue detail",
    "Ambassador profile",
    "Article list",
)
CACHED = (*MISSED, "Event list", "Ambassador directory", "Tag page", "Venue finder")
HIT_SHARE, HIT_P99, MISS_SHARE = 0.9, 2, 0.4


def page_paths(article, event):
    """{(page, language): path}, each page in both languages."""
    chinese = article.translations().published().filter(language="zh-hans").first()
    venue = Venue.objects.published().first()
    ambassador = Ambassador.objects.active().first()
    topic = event.tags.order_by("name").first()
    paths = {}
    for language in ("en", "zh-hans"):
        with override(language):
            own = article if language == "en" else chinese
            found = {
                "Home": reverse("home"),
                "Article detail": own.get_absolute_url(),
                "Event detail": event.get_absolute_url(),
                "Venue detail": venue.get_absolute_url(),
                "Ambassador profile": ambassador.get_absolute_url(),
                "Article list": reverse("articles:article_list"),
                "Event list": reverse("events:event_list"),
                "Ambassador directory": reverse("ambassadors:ambassador_list"),
                "Tag page": topic.get_absolute_url(),
                "Venue finder": reverse("events:venue_list")
                + "?attendees=300&layout=banquet",
            }
        paths |= {(name, language): path for name, path in found.items()}
    return paths


def run(scale):
    if not shutil.which("wrk"):
        return [
            result(
                "Pages under gunicorn",
                0,
                None,
                "wrk needed",
                False,
                note="wrk is not installed",
            )
        ]
    article = Article.objects.published().in_language("en").order_by("pk").first()
    paths = page_paths(article, bench_event())
    seconds = 5 if scale >= 0.5 else 3
    rows = []
    for cached, names in ((True, CACHED), (False, MISSED)):
        port = free_port()
        with tempfile.TemporaryDirectory() as static_root:
            server = start_gunicorn(port, static_root, cached=cached)
            try:
                rows += measure(
                    f"http://127.0.0.1:{port}",
                    article,
                    {key: path for key, path in paths.items() if key[0] in names},
                    seconds,
                    cached=cached,
                )
            finally:
                server.terminate()
                server.wait(10)
    return rows


def warm(url):
    """Fill every worker's page cache with `url`: requests at once, so that
    while one worker renders the page the other takes the next (each keeps
    its own cache; one request warmed one worker, and the other rendered
    the page in the measured run)."""

    with concurrent.futures.ThreadPoolExecutor(WORKERS * 2) as pool:
        list(pool.map(drain, [url] * (WORKERS * 2)))


def drain(url):
    """Return once the requests a run left queued are served: one request,
    answered behind them."""
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310
        response.read()


def measure(base, article, pages, seconds, *, cached):
    """Each page against the anchor page measured just before it, under the
    same load on the same server: requests/s as a share of the anchor's, p99
    as a multiple of the anchor's p99."""
    for path in pages.values():  # warm caches and stored lists
        warm(base + path)
    anchor = f"{base}/bench/anchor/{article.pk}/"
    rows = []
    for (name, language), path in pages.items():
        # The anchor again before each page: two cores' pace drifts by a
        # third within a run, and one anchor at the start judged every row
        # by its own moment.
        drain(anchor)
        anchor_rps, anchor_p99, _errors = wrk(anchor, seconds)
        rps, p99, errors = wrk(base + path, seconds)
        if cached:
            label = f"{name} ({language}), cache hit: requests/s"
            target = f"≥ {HIT_SHARE:.0%} of anchor, p99 ≤ {HIT_P99}× anchor's"
            met = rps >= HIT_SHARE * anchor_rps and p99 <= HIT_P99 * anchor_p99
        else:
            label = f"{name} ({language}), every cache off: requests/s"
            target = f"≥ {MISS_SHARE:.0%} of anchor"
            met = rps >= MISS_SHARE * anchor_rps
        rows.append(
            result(
                label,
                rps,
                anchor_rps,
                target + ", no errors",
                met and errors == 0,
                unit="req/s",
                note=f"p99 {p99:.1f} ms (anchor {anchor_p99:.1f} ms), {errors} errors",
            )
        )
    return rows
