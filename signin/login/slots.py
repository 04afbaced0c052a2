"""Few password checks at once over every worker process.

The workers are synchronous: a password check holds one for about a second
of hashing, and a limit inside one process changes nothing. A check takes
one of LOGIN_PASSWORD_CHECK_SLOTS PostgreSQL advisory locks with
pg_try_advisory_lock, which never waits; a login that finds none free is
answered at once, since a waiting request would hold its worker all the same.

The locks are the session's: with persistent connections (CONN_MAX_AGE) one
left held would outlive the request, so release is in a finally, and a
release that fails closes the connection, which ends the session and its
locks. (A pooler in transaction mode would break this; the site uses none.)
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import Error, connection

# The two-key form (class, slot) is a key space apart from run_periodic's
# one-key lock. Every worker must use the same key, so it never changes.
TAKE = "SELECT pg_try_advisory_lock(hashtext('hangzhou_mice.login.slot'), %s::int)"
RELEASE = "SELECT pg_advisory_unlock(hashtext('hangzhou_mice.login.slot'), %s::int)"


@contextmanager
def password_check_slot():
    """Yield the slot taken, or None at once when every slot is busy."""
    slot = take()
    try:
        yield slot
    finally:
        if slot is not None:
            release(slot)


def take() -> int | None:
    with connection.cursor() as cursor:
        for slot in range(settings.LOGIN_PASSWORD_CHECK_SLOTS):
            cursor.execute(TAKE, [slot])
            if cursor.fetchone()[0]:
                return slot
    return None


def release(slot: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute(RELEASE, [slot])
    except Error:  # InterfaceError too: the connection was closed under it
        connection.close()
