"""Few password checks at once over every worker process.

The workers are synchronous: a password check holds one for about a second
of hashing, and a limit inside one process changes nothing. A check takes
one of LOGIN_PASSWORD_CHECK_SLOTS PostgreSQL advisory locks with
pg_try_advisory_lock, which never waits; a login that finds none free is
answered at once, since a waiting request would hold its worker all the same.

The locks are a session's, so they are taken on a connection of their own,
past any pooler (hangzhou_mice/direct.py: behind PgBouncer in transaction
mode, Django's connection changes session between transactions). The slot
is given back when the request is done, whatever happened to it, and the
connection closed.
"""

from contextlib import contextmanager, suppress

import psycopg
from django.conf import settings

from hangzhou_mice.direct import connect_direct

# The two-key form (class, slot) is a key space apart from run_periodic's
# one-key lock. Every worker must use the same key, so it never changes.
TAKE = "SELECT pg_try_advisory_lock(hashtext('hangzhou_mice.login.slot'), %s::int)"


@contextmanager
def password_check_slot():
    """Yield the slot taken, or None at once when every slot is busy."""
    with connect_direct() as session:
        try:
            yield take(session)
        finally:
            # Closing ends the session and its locks, but the server ends it
            # in its own time: give the slot back first, so that the next
            # login finds it free.
            with suppress(psycopg.Error):
                session.execute("SELECT pg_advisory_unlock_all()")


def take(session) -> int | None:
    for slot in range(settings.LOGIN_PASSWORD_CHECK_SLOTS):
        if session.execute(TAKE, [slot]).fetchone()[0]:
            return slot
    return None
