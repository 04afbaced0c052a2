"""A site-wide ceiling on failed logins a minute.

Addresses are cheap to an attacker (IPv6, proxies), so each address's own
lock still lets a distributed guess hash passwords without end. Past
LOGIN_FAILURES_PER_MINUTE failures over the whole site in the last minute,
logins are refused before any password is hashed. The count is axes' failure
log, in the database, since each worker's cache is its own; once the ceiling
holds, each worker remembers until when, and refuses without a query.
"""

import datetime

from axes.models import AccessFailureLog
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .locks import seconds_until

WINDOW = datetime.timedelta(minutes=1)
KEY = "login-ceiling"


def ceiling_ends() -> datetime.datetime | None:
    """When the ceiling lifts, if it holds now."""
    if (ends := cache.get(KEY)) and ends > timezone.now():
        return ends
    limit = settings.LOGIN_FAILURES_PER_MINUTE
    if limit < 1:
        return None
    # The limit-th newest failure, read backwards along the primary key's
    # index: the log keeps six months of failures, and has no time index.
    newest = AccessFailureLog.objects.order_by("-pk").values_list(
        "attempt_time", flat=True
    )
    oldest_counted = next(iter(newest[limit - 1 : limit]), None)
    if oldest_counted is None or oldest_counted + WINDOW <= timezone.now():
        return None
    ends = oldest_counted + WINDOW
    cache.set(KEY, ends, seconds_until(ends))
    return ends
