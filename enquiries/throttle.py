"""Counting enquiries per network address and confirmations per inbox.

Each counted act is a Throttle row under a keyed hash of the address, so
the limits hold across processes and servers and the table names nobody:
without SECRET_KEY a key cannot be traced back, even by trying every
IPv4 address. Callers run inside a transaction: the lock taken before
counting holds until it ends, so two requests from one address wait for
each other instead of both passing the limit.
"""

import datetime

from django.db import connection
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import Throttle

WINDOW = datetime.timedelta(hours=1)
# Rows older than this count for nothing: purge_leads deletes them.
KEPT_FOR = datetime.timedelta(days=1)
SALT = "enquiries.throttle"
# A lock per scope and key, released when the transaction ends.
LOCK = "SELECT pg_advisory_xact_lock(hashtext('enquiries.throttle'), hashtext(%s))"


def throttle_key(scope: str, value: str) -> str:
    """The keyed digest of an address or email (case and spaces ignored)."""
    digest = salted_hmac(f"{SALT}.{scope}", value.strip().lower(), algorithm="sha256")
    return digest.hexdigest()


def throttle_allows(scope: str, key: str, limit: int) -> bool:
    """Whether fewer than `limit` acts under `key` were counted this hour.

    Waits first for any other transaction counting the same key.
    """
    with connection.cursor() as cursor:
        cursor.execute(LOCK, [f"{scope}:{key}"])
    recent = Throttle.objects.filter(
        scope=scope, key=key, at__gt=timezone.now() - WINDOW
    )
    return recent.count() < limit


def throttle_record(scope: str, key: str) -> None:
    Throttle.objects.create(scope=scope, key=key)


def throttle_expired():
    """The rows older than KEPT_FOR, which count for nothing."""
    return Throttle.objects.filter(at__lt=timezone.now() - KEPT_FOR)
