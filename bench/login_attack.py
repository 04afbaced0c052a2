"""A public page's latency while one address posts wrong passwords to the admin."""

import contextlib
import http.client
import itertools
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import threading
import urllib.parse
import urllib.request
from collections import Counter

from axes.models import AccessAttempt, AccessFailureLog
from django.db.models import Sum

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


class Attack:
    """LOOPS threads posting wrong passwords to the admin login until stopped."""

    def __init__(self, port):
        self.port = port
        self.statuses = Counter()
        self.first_refused = {}  # TARGET or "new names": how many posts until then
        self.lock = threading.Lock()
        self.address_locked = threading.Event()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.loop) for _ in range(LOOPS)]

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

    def loop(self):
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
            username = TARGET if n % 2 else f"guess-{secrets.token_hex(4)}"
            status = self.post(username, token, headers)
            with self.lock:
                self.statuses[status] += 1
                if status == 429:
                    kind = TARGET if username == TARGET else "new names"
                    self.first_refused.setdefault(kind, self.statuses.total())
            if status == 429 and username != TARGET:
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
    out = subprocess.run(  # noqa: S603
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    value, unit = re.search(r"50%\s+([\d.]+)(us|ms|s)", out).groups()
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors += sum(int(n) for n in re.findall(r"Socket errors:.*?(\d+)", out))
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], errors


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


def run(scale):
    if not shutil.which("wrk"):
        return [result("Login attack", 0, None, "wrk needed", False, note="no wrk")]
    article = Article.objects.published().in_language("en").order_by("pk").first()
    seconds = 5 if scale >= 0.5 else 3
    port = free_port()
    forget_attempts()  # no lock left by an earlier run
    with tempfile.TemporaryDirectory() as folder:
        with stderr_to(os.path.join(folder, "server.log")):
            server = start_gunicorn(port, folder)
        try:
            return [measure(port, article.get_absolute_url(), seconds)]
        finally:
            server.terminate()
            server.wait(10)
            forget_attempts()


def measure(port, path, seconds):
    url = f"http://{ADDRESS}:{port}{path}"
    for _ in range(4):  # warm both workers' page caches
        urllib.request.urlopen(url, timeout=10)  # noqa: S310
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
        f"{recorded()}; {errors} page errors",
    )


def describe(attack):
    """What the attack's posts got, and from which post each lock held."""
    statuses = attack.counts()
    other = statuses.total() - statuses[200] - statuses[429]
    firsts = ", ".join(f"{k} at post {n}" for k, n in attack.first_refused.items())
    return (
        f"{LOOPS} loops posted {statuses[200]} × 200, {statuses[429]} × 429, "
        f"{other} other; first 429 for {firsts or 'none'}"
    )


def recorded():
    """The failures axes counted from the address, TARGET's among them."""
    attempts = AccessAttempt.objects.filter(ip_address=ADDRESS)
    total = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
    own = attempts.filter(username=TARGET).aggregate(n=Sum("failures_since_start"))
    return f"failures recorded: {total}, {own['n'] or 0} of them {TARGET!r}"


def forget_attempts():
    """Unlock the address and drop the failures logged from it (axes_reset)."""
    AccessAttempt.objects.filter(ip_address=ADDRESS).delete()
    AccessFailureLog.objects.filter(ip_address=ADDRESS).delete()
