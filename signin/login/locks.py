"""When a lock ends, and the short-lived marks that refuse a locked client
before any query.

Once a client is locked, LockedClientMiddleware refuses its next logins from
a cache mark holding the lock's end. The mark lasts LOGIN_LOCK_RECHECK_SECONDS
(or less, if the lock ends sooner), after which axes looks at the database
again and renews it while the lock holds, so an unlock in the admin takes
effect on every server within that time.
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


@dataclass(frozen=True)
class Locks:
    """When the username's lock and the address's lock end (None: not held)."""

    user: datetime | None = None
    address: datetime | None = None

    @property
    def ends(self) -> datetime | None:
        return max((e for e in (self.user, self.address) if e), default=None)


def lock_end(rows, *, limit: int) -> datetime | None:
    """When a lock over these (last failure, failures) rows ends, or None.

    Axes counts a row while its last failure is within the cool-off; newest
    first, the lock lasts until the row that brings the sum to the limit
    leaves it.
    """
    total = 0
    for when, failures in sorted(rows, reverse=True):
        total += failures
        if total >= limit:
            return when + settings.AXES_COOLOFF_TIME
    return None


def seconds_until(moment: datetime) -> int:
    """Whole seconds left until `moment`, at least one."""
    return max(1, math.ceil((moment - timezone.now()).total_seconds()))


def lock_key(address, username=None):
    """A cache key; the username hashed, since it may hold any character."""
    if username is None:
        return f"login-locked:{address}"
    digest = hashlib.sha256(username.encode(errors="replace")).hexdigest()
    return f"login-locked:{address}:{digest[:32]}"


def marked(address, username) -> Locks:
    """The locks this process remembers for the address and username."""
    keys = lock_key(address, username), lock_key(address)
    found = cache.get_many(keys)
    return Locks(user=found.get(keys[0]), address=found.get(keys[1]))


def mark_locked(sender, request, username, ip_address, **kwargs):
    """Remember a lock for a moment, so the next tries are refused early."""
    locks = getattr(request, "login_locks", Locks())
    for key, ends in (
        (lock_key(ip_address, username), locks.user),
        (lock_key(ip_address), locks.address),
    ):
        if ends:
            timeout = min(settings.LOGIN_LOCK_RECHECK_SECONDS, seconds_until(ends))
            cache.set(key, ends, timeout)


def unmark(sender, instance, **kwargs):
    """An attempt deleted (unlocked in the admin, or by axes_reset) lifts the
    mark at once in this process; other workers, whose marks live in their
    own memory, recheck within the mark's lifetime."""
    address = instance.ip_address
    cache.delete_many([lock_key(address), lock_key(address, instance.username)])
