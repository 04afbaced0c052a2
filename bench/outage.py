"""Cached pages while PostgreSQL restarts, the cache shared in Redis (issue 29).

A throwaway cluster of its own (`scripts/postgres.sh scratch`, never the
bench's database), migrated and given the demo content; gunicorn with two
workers on it and on the shared cache; the public pages of both languages
rendered once. Then four visitors ask for them over and over while the
cluster stops and, three seconds later, starts again. Targets: no answer
but a 200 during the outage, none from two seconds after it; `/healthz`
says 503 meanwhile (the note).
"""

import concurrent.futures
import itertools
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

from django.conf import settings

from .common import result
from .pages import free_port, start_gunicorn

PATHS = [
    f"/{language}/{page}"
    for language in ("en", "zh-hans")
    for page in ("", "articles/", "events/", "venues/", "ambassadors/")
]
DOWN_SECONDS = 3
SETTLED_AFTER = 2  # seconds after the restart from which every answer counts
VISITORS = 4
NAME = "Database restart, cached pages: non-200"


def status(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return type(error).__name__


class Load(threading.Thread):
    """Visitors asking for PATHS until stopped: (when, status) of each answer."""

    def __init__(self, base):
        super().__init__()
        self.base, self.answers, self.stop = base, [], threading.Event()

    def run(self):
        with concurrent.futures.ThreadPoolExecutor(VISITORS) as pool:
            list(pool.map(self.visit, range(VISITORS)))

    def visit(self, offset):
        for path in itertools.islice(itertools.cycle(PATHS), offset, None):
            if self.stop.is_set():
                return
            self.answers.append((time.monotonic(), status(self.base + path)))

    def between(self, start, end):
        return [answer for when, answer in self.answers if start <= when <= end]


def scratch(action, port):
    return subprocess.run(  # noqa: S603  (our own script, fixed arguments)
        [settings.BASE_DIR / "scripts" / "postgres.sh", "scratch", action],
        env=os.environ | {"PG_SCRATCH_PORT": str(port)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def run(_scale):
    redis_url = os.environ.get("BENCH_REDIS_URL")
    if not redis_url:
        note = "no Redis: BENCH_REDIS_URL unset"
        return [result(NAME, 0, None, "0", False, note=note)]
    port = free_port()
    database = scratch("start", port)
    variables = {
        "DATABASE_URL": database,
        "CACHE_URL": f"{redis_url}?key_prefix=bench-{uuid.uuid4().hex}",
    }
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    try:
        for command in (["migrate", "-v0"], ["load_demo"]):
            subprocess.run(  # noqa: S603
                [*manage, *command],
                env=os.environ | variables | {"DEBUG": "1"},
                capture_output=True,
                check=True,
            )
        with tempfile.TemporaryDirectory() as folder:
            web = free_port()
            server = start_gunicorn(web, folder, **variables)
            base = f"http://127.0.0.1:{web}"
            try:
                rendered = [status(base + path) for path in PATHS]
                load = Load(base)
                load.start()
                try:
                    time.sleep(1)
                    down = time.monotonic()
                    scratch("stop", port)
                    health = status(base + "/healthz")
                    time.sleep(DOWN_SECONDS)
                    scratch("start", port)
                    up = time.monotonic()
                    time.sleep(SETTLED_AFTER + 3)
                finally:
                    load.stop.set()
                    load.join()
            finally:
                server.terminate()
                server.wait(10)
    finally:
        scratch("destroy", port)
    during = load.between(down, up)
    after = load.between(up + SETTLED_AFTER, float("inf"))
    failed = {
        "during": [a for a in during if a != 200],
        "after": [a for a in after if a != 200],
    }
    note = (
        f"{len(PATHS)} pages, both languages, cached first ({rendered.count(200)} "
        f"rendered); {VISITORS} visitors; outage {up - down:.1f} s: "
        f"{len(during)} answers; from {SETTLED_AFTER} s after: {len(after)}; "
        f"/healthz during it: {health}"
    )
    return [
        result(
            f"{NAME} during outage",
            len(failed["during"]),
            None,
            "0, every cached page served",
            not failed["during"] and len(during) > 0 and health == 503,
            unit="answers",
            note=note,
        ),
        result(
            f"{NAME} from {SETTLED_AFTER} s after",
            len(failed["after"]),
            None,
            "0",
            not failed["after"] and len(after) > 0,
            unit="answers",
            note=f"{len(after)} answers; {sorted(set(map(str, failed['after'])))}",
        ),
    ]
