"""The venue finder at scale: latency and a query count that does not grow."""

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from .common import p50, result, timed_ms

FINDER = "/en/venues/"
SEARCHES = [
    {"attendees": 800, "layout": "theatre", "sort": "capacity"},
    {"attendees": 300, "layout": "banquet", "district": "xihu"},
    {"kind": "hotel", "min_guest_rooms": 200},
    {},
]


ANCHOR = "/bench/venues/"
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@override_settings(ROOT_URLCONF="bench.urls", CACHES=NO_CACHE)
def run(scale):
    """Each search as a cache miss (the page cache keeps the finder's pages
    by their query string), against one page of venues read by primary key
    and rendered bare, timed the same way."""
    client = Client(HTTP_HOST="localhost")
    durations, counts = [], set()
    for params in SEARCHES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(FINDER, params)
        if response.status_code != 200:
            raise RuntimeError(f"{FINDER} answered {response.status_code}")
        counts.add(len(queries.captured_queries))
        durations += timed_ms(lambda p=params: client.get(FINDER, p), 25)
    anchor = timed_ms(lambda: client.get(ANCHOR), 25 * len(SEARCHES))
    return [
        result(
            "Venue finder: p50",
            p50(durations),
            p50(anchor),
            "≤ 3× anchor, queries constant",
            p50(durations) <= 3 * p50(anchor) and len(counts) == 1,
            note=f"queries per search: {sorted(counts)}",
        ),
    ]
