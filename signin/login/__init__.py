"""Sign-in throttling on django-axes, bounded across worker processes.

A username is locked for the address it is tried from after
AXES_FAILURE_LIMIT failures; an address for every username after
LOGIN_FAILURES_PER_ADDRESS failures over any usernames (attempts.py). A
success forgets only that username's failures from that address, so no one's
good password lifts another's lock. Past LOGIN_FAILURES_PER_MINUTE failures
over the whole site in a minute, logins are refused before any password is
hashed (ceiling.py), except from a browser its user signed in with before
(devices.py). At most LOGIN_PASSWORD_CHECK_SLOTS password checks run at once
over all workers (slots.py), so sign-in attempts cannot take every worker
from the public pages. middleware.py applies all this to the admin's login
posts; pages.py answers the refusals. Bureau admins unlock by deleting the
attempts ("Access attempts").
"""

from .attempts import (
    LoginAttempts,
    ThrottledLoginBackend,
    attempted_username,
    audit_lockout,
)
from .locks import mark_locked, unmark
from .middleware import LockedClientMiddleware
from .pages import locked_out

__all__ = [
    "LockedClientMiddleware",
    "LoginAttempts",
    "ThrottledLoginBackend",
    "attempted_username",
    "audit_lockout",
    "locked_out",
    "mark_locked",
    "unmark",
]
