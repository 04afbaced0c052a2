"""A public page's latency while wrong passwords are posted to the admin:
from one address, and from 16 addresses in turn (finding 9 of issue 19)."""

import contextlib
import http.client
import itertools
import os
import re
import secrets
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter

from axes.models import AccessAttempt, AccessFailureLog
from django.db.models import Q, Sum

from articles.models import Article

from .common import result
from .pages import CONNECTIONS, free_port, start_gunicorn

LOOPS = 4
LOGIN = "/admin/login/"
ADDRESS = "127.0.0.1"
# Every other post tries this name, so its own lock (5 failures) engages
# before the address's (20); the others try a new name each time.
TARGET = "admin"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The distributed attack: each loop moves to the next of these addresses
# (RFC 2544's benchmarking range) every STEP posts, in X-Forwarded-For; the
# server trusts one proxy, so that is the client's address.
ROTATION = [f"198.18.0.{n}" for n in range(1, 17)]
STEP = 4
RUNS = 3
PERIOD = 60  # seconds: the site-wide ceiling counts a minute's failures


class Attack:
    """LOOPS threads posting wrong passwords to the admin login until stopped."""

    def __init__(self, port, rotate=False):
        self.port = port
        self.rotate = rotate
        self.statuses = Counter()
        self.first_refused = {}  # TARGET or "new names": how many posts until then
        self.lock = threading.Lock()
        self.address_locked = threading.Event()
        self.first_429_at = None  # time.monotonic() of the first 429
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self.loop, args=(n,)) for n in range(LOOPS)
        ]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def counts(self):
        with self.lock:
            return Counter(self.statuses)

    def request(self, method, body=None, headers=None):
        # Gunicorn's sync workers close every connection after the response.
        connection = http.client.HTTPConnection(ADDRESS, self.port, timeout=60)
        try:
            connection.request(method, LOGIN, body, headers or {})
            response = connection.getresponse()
            return response, response.read().decode()
        finally:
            connection.close()

    def loop(self, number):
        """Fetch the form once for its CSRF cookie and token, then post."""
        response, page = self.request("GET")
        cookie = re.search(r"csrftoken=[^;]+", response.getheader("Set-Cookie"))
        headers = {
            "Cookie": cookie.group(),
            "Content-Type": "application/x-www-form-urlencoded",
        }
        token = TOKEN.search(page).group(1)
        for n in itertools.count():
            if self.stopping.is_set():
                return
            if self.rotate:
                turn = (number * len(ROTATION) // LOOPS + n // STEP) % len(ROTATION)
                headers["X-Forwarded-For"] = ROTATION[turn]
            username = TARGET if n % 2 else f"guess-{secrets.token_hex(4)}"
            self.record(username, self.post(username, token, headers))

    def record(self, username, status):
        with self.lock:
            self.statuses[status] += 1
            if status == 429:
                kind = TARGET if username == TARGET else "new names"
                self.first_refused.setdefault(kind, self.statuses.total())
        if status == 429:
            self.first_429_at = self.first_429_at or time.monotonic()
            if username != TARGET:
                self.address_locked.set()

    def post(self, username, token, headers):
        form = {"csrfmiddlewaretoken": token, "username": username}
        body = urllib.parse.urlencode(form | {"password": secrets.token_urlsafe(12)})
        try:
            return self.request("POST", body, headers)[0].status
        except (OSError, http.client.HTTPException):
            return "error"


def wrk_p50(url, seconds):
    """Return (p50 latency in ms, error responses) at the page rows' load."""
    p50, _p99, errors = wrk_latency(url, seconds)
    return p50, errors


def wrk_latency(url, seconds):
    """Return (p50 and p99 latency in ms, error responses)."""
    out = subprocess.run(  # noqa: S603
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    p50, p99 = (
        float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
        for value, unit in re.findall(r"(?:50|99)%\s+([\d.]+)(us|ms|s)", out)
    )
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors += sum(int(n) for n in re.findall(r"Socket errors:.*?(\d+)", out))
    return p50, p99, errors


@contextlib.contextmanager
def stderr_to(path):
    """Point this process's stderr at `path`, so a server started now logs there.

    The server logs a warning for every refused post: thousands of lines.
    """
    saved = os.dup(2)
    with open(path, "w") as log:
        os.dup2(log.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@contextlib.contextmanager
def server():
    """A fresh gunicorn trusting one proxy, on a port of its own; its URL.

    Fresh for each run: a worker remembers a lock or the ceiling in its own
    memory, which would carry into the next run.
    """
    port = free_port()
    forget_attempts()  # no lock left by an earlier run
    saved = os.environ.get("TRUSTED_PROXY_COUNT")
    os.environ["TRUSTED_PROXY_COUNT"] = "1"
    with tempfile.TemporaryDirectory() as folder:
        try:
            with stderr_to(os.path.join(folder, "server.log")):
                process = start_gunicorn(port, folder)
        finally:
            os.environ.pop("TRUSTED_PROXY_COUNT")
            if saved is not None:
                os.environ["TRUSTED_PROXY_COUNT"] = saved
        try:
            yield port
        finally:
            process.terminate()
            process.wait(10)
            forget_attempts()


def run(scale):
    if not shutil.which("wrk"):
        return [result("Login attack", 0, None, "wrk needed", False, note="no wrk")]
    article = Article.objects.published().in_language("en").order_by("pk").first()
    path = article.get_absolute_url()
    seconds = 5 if scale >= 0.5 else 3
    with server() as port:
        rows = [measure(port, path, seconds)]
    return [*rows, measure_rotating(path, seconds)]


def warm(url):
    for _ in range(4):  # warm both workers' page caches
        urllib.request.urlopen(url, timeout=10)  # noqa: S310


def measure(port, path, seconds):
    url = f"http://{ADDRESS}:{port}{path}"
    warm(url)
    alone, alone_errors = wrk_p50(url, seconds)
    with Attack(port) as attack:
        locked = attack.address_locked.wait(120)
        before = attack.counts()
        under, errors = wrk_p50(url, seconds)
        rate = (attack.counts() - before).total() / seconds
    errors += alone_errors
    return result(
        "Article detail p50 under a login attack vs alone",
        under,
        alone,
        "≤ 2× alone, no errors",
        locked and under <= 2 * alone and errors == 0,
        note=f"{describe(attack)}; {rate:.0f} posts/s while measured; "
        f"{recorded([ADDRESS])}; {errors} page errors",
    )


def measure_rotating(path, seconds):
    """RUNS runs of the page alone, then for a minute of attack from its first
    post: one period of the site-wide ceiling (hashing until it holds, then
    refusals until its first failures are a minute old). Medians of the runs.
    """
    runs = []
    for _ in range(RUNS):
        with server() as port:
            runs.append(rotating_run(f"http://{ADDRESS}:{port}{path}", port, seconds))
    alone, under, errors = (statistics.median(r[i] for r in runs) for i in range(3))
    return result(
        f"Article detail p50 under a login attack from {len(ROTATION)} "
        f"addresses vs alone (median of {RUNS})",
        under,
        alone,
        "≤ 2× alone, no errors",
        under <= 2 * alone and errors == 0,
        note="; ".join(r[3] for r in runs),
    )


def rotating_run(url, port, seconds):
    warm(url)
    alone, alone_errors = wrk_p50(url, seconds)
    with Attack(port, rotate=True) as attack:
        started = time.monotonic()
        under, p99, errors = wrk_latency(url, PERIOD)
        refused = attack.first_429_at
    held = f"{refused - started:.0f} s" if refused else "never"
    note = (
        f"[alone {alone:.1f}, under {under:.1f} (p99 {p99:.0f}); "
        f"first 429 after {held}; "
        f"{describe(attack)}; {recorded(ROTATION)}]"
    )
    return alone, under, errors + alone_errors, note


def describe(attack):
    """What the attack's posts got, and from which post each lock held."""
    statuses = attack.counts()
    other = statuses.total() - statuses[200] - statuses[429] - statuses[503]
    firsts = ", ".join(f"{k} at post {n}" for k, n in attack.first_refused.items())
    return (
        f"{LOOPS} loops posted {statuses[200]} × 200, {statuses[429]} × 429, "
        f"{statuses[503]} × 503, {other} other; first 429 for {firsts or 'none'}"
    )


def recorded(addresses):
    """The failures axes counted from the addresses, TARGET's among them."""
    attempts = AccessAttempt.objects.filter(ip_address__in=addresses)
    total = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
    own = attempts.filter(username=TARGET).aggregate(n=Sum("failures_since_start"))
    return f"failures recorded: {total}, {own['n'] or 0} of them {TARGET!r}"


def forget_attempts():
    """Unlock the addresses and drop the failures logged from them (axes_reset),
    so that neither a lock nor the site-wide ceiling carries into a run."""
    addresses = Q(ip_address__in=[ADDRESS, *ROTATION])
    AccessAttempt.objects.filter(addresses).delete()
    AccessFailureLog.objects.filter(addresses).delete()
