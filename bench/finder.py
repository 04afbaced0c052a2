"""The venue finder at scale: latency and a query count that does not grow."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .common import p50, result, timed_ms

FINDER = "/en/venues/"
SEARCHES = [
    {"attendees": 800, "layout": "theatre", "sort": "capacity"},
    {"attendees": 300, "layout": "banquet", "district": "xihu"},
    {"kind": "hotel", "min_guest_rooms": 200},
    {},
]


def run(scale):
    client = Client(HTTP_HOST="localhost")
    durations, counts = [], set()
    for params in SEARCHES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(FINDER, params)
        if response.status_code != 200:
            raise RuntimeError(f"{FINDER} answered {response.status_code}")
        counts.add(len(queries.captured_queries))
        durations += timed_ms(lambda p=params: client.get(FINDER, p), 25)
    return [
        result(
            "Venue finder: p50",
            p50(durations),
            None,
            "≤ 10 ms",
            p50(durations) <= 10 and len(counts) == 1,
            note=f"queries per search: {sorted(counts)}",
        ),
    ]
