"""Cached pages while an editor saves: the page cache's invalidation under load.

The same load twice on one gunicorn server (as `pages.py`), spread over
hundreds of URLs in both languages: the newest published articles and
their translations, events, venues and ambassadors' profiles, tag pages,
the home page and the lists. First with no edits, then while an editor
saves one of those articles every few seconds (its title, through the ORM,
so with every signal an admin save sends; put back afterwards). Target: p99
with the edits ≤ 2× p99 without. With Redis (`BENCH_REDIS_URL`, which
`make bench` sets), the same row again with the cache shared by the
workers, as several servers share it: a page an edit outdates is then
rendered once, not once in each worker.
"""

import os
import shutil
import tempfile
import threading
import uuid

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from ambassadors.models import Ambassador
from articles.models import Article
from events.models import Event, Venue
from hangzhou_mice.models import Tag

from .common import result
from .pages import free_port, start_gunicorn, wrk

EDIT_EVERY = 3  # seconds between two saves
ARTICLES = 150  # per language
OTHERS = 10  # events, venues, ambassadors and tags, each
P99_MULTIPLE = 2
OWN_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "bench-editing",
        "OPTIONS": {"MAX_ENTRIES": 5000},  # as the site's (config/settings)
    }
}


def load():
    """The paths the load spreads over, and the articles the editor saves."""
    english = list(
        Article.objects.published()
        .in_language("en")
        .order_by("-published_at", "-pk")[:ARTICLES]
    )
    chinese = list(
        Article.objects.published()
        .in_language("zh-hans")
        .filter(translation_key__in=[a.translation_key for a in english])
    )
    paths = [article.get_absolute_url() for article in english + chinese]
    items = [
        *Event.objects.published().order_by("-start")[:OTHERS],
        *Venue.objects.published().order_by("pk")[:OTHERS],
        *Ambassador.objects.active().order_by("pk")[:OTHERS],
        *Tag.objects.order_by("pk")[:OTHERS],
    ]
    for language in ("en", "zh-hans"):
        with override(language):
            paths += [item.get_absolute_url() for item in items]
            paths += [
                reverse(name)
                for name in (
                    "home",
                    "articles:article_list",
                    "events:event_list",
                    "ambassadors:ambassador_list",
                )
            ]
    # The editor works on the news: alternately an English and a Chinese one.
    edited = [a for pair in zip(english, chinese, strict=False) for a in pair]
    return paths, edited


def lua_script(paths, folder):
    """A wrk script sending each connection through every path in turn,
    each thread from its own place in the list."""
    quoted = ",\n".join(f'  "{path}"' for path in paths)
    script = f"""
paths = {{
{quoted}
}}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("offset", threads * 7919)
end
local i = 0
function init(args)
  i = offset
end
function request()
  i = i + 1
  return wrk.format(nil, paths[(i % #paths) + 1])
end
"""
    path = f"{folder}/paths.lua"
    with open(path, "w") as out:
        out.write(script)
    return path


class Editor(threading.Thread):
    """Saves the next article's title every EDIT_EVERY seconds until stopped;
    puts every title back at the end."""

    def __init__(self, articles):
        super().__init__()
        self.articles, self.saves = articles, 0
        self.stop = threading.Event()

    def run(self):
        titles = {}
        try:
            while not self.stop.wait(EDIT_EVERY):
                article = self.articles[self.saves % len(self.articles)]
                titles.setdefault(article.pk, article.title)
                article.title = f"{titles[article.pk]} ({self.saves})"
                article.save()
                self.saves += 1
        finally:
            for article in self.articles:
                if article.pk in titles:
                    article.title = titles[article.pk]
                    article.save()
            connection.close()


def outdated_per_save(paths, edited, saves=4):
    """How many of `paths` a save outdates: in this process, with a cache of
    its own, every page cached, then one article saved (and put back) at a
    time, counting the pages that no longer come from the cache (more than
    the one state query)."""
    client = Client(HTTP_HOST="localhost")

    def missed(path):
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        return len(queries.captured_queries) > 1

    counts = []
    with override_settings(CACHES=OWN_CACHE):
        for path in paths:
            client.get(path)
        for article in edited[:saves]:
            title = article.title
            article.title = f"{title} (edited)"
            article.save()
            counts.append(sum(missed(path) for path in paths))
            article.title = title
            article.save()
            for path in paths:
                client.get(path)
    return counts


def run(scale):
    if not shutil.which("wrk"):
        return []  # pages.py reports that wrk is missing
    paths, edited = load()
    outdated = outdated_per_save(paths, edited)
    seconds = 20 if scale >= 0.5 else 12
    caches = {"": {}}
    if redis_url := os.environ.get("BENCH_REDIS_URL"):
        prefix = f"bench-{uuid.uuid4().hex}"
        caches[", shared cache"] = {"CACHE_URL": f"{redis_url}?key_prefix={prefix}"}
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        script = lua_script(paths, folder)
        for label, variables in caches.items():
            rows.append(
                measure(folder, script, seconds, edited, variables)
                | {
                    "name": f"Cached pages{label}, an article saved every "
                    f"{EDIT_EVERY} s: p99"
                }
            )
    for row in rows:
        row["note"] = (
            f"{len(paths)} URLs, both languages; " + row["note"] + "; pages a "
            f"save outdates (in-process, 4 saves): {outdated}"
        )
    return rows


def measure(folder, script, seconds, edited, variables):
    """The load with no edits, then with an editor saving; the row."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(port, folder, **variables)
    try:
        # Every page cached in both workers (each has its own cache).
        wrk(base + "/", seconds, script)
        quiet_rps, quiet_p99, quiet_errors = wrk(base + "/", seconds, script)
        editor = Editor(edited)
        editor.start()
        try:
            rps, p99, errors = wrk(base + "/", seconds, script)
        finally:
            editor.stop.set()
            editor.join()
    finally:
        server.terminate()
        server.wait(10)
    return result(
        "",
        p99,
        quiet_p99,
        f"≤ {P99_MULTIPLE}× p99 with no edits, no errors",
        p99 <= P99_MULTIPLE * quiet_p99 and errors + quiet_errors == 0,
        note=f"{editor.saves} saves; {rps:.0f} req/s (no edits: {quiet_rps:.0f}); "
        f"{errors + quiet_errors} errors",
    )
