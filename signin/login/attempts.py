"""Failures per username and per address, on django-axes' database handler."""

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings

from hangzhou_mice import audit

from .devices import known
from .locks import Locks, lock_end


class ThrottledLoginBackend(AxesStandaloneBackend):
    """Axes' lock check for logins over HTTP.

    authenticate() without a request comes from our own code (management
    commands, the test client's login), not from a visitor, so nothing is
    checked and the next backend decides.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        try:
            return super().authenticate(request, username, password, **kwargs)
        except AxesBackendPermissionDenied:
            request.login_refused_while_locked = True
            raise


class LoginAttempts(AxesDatabaseHandler):
    """Axes' database handler with a lock per address beside the one per
    username, and a success that forgets only its own username's failures.

    Axes compares one count with one limit (AXES_FAILURE_LIMIT), so a held
    lock is reported as that limit; the locks' ends are left on the request
    for the marks and the Retry-After.
    """

    def get_failures(self, request, credentials=None):
        username = attempted_username(request, credentials)
        rows = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        ).values_list("username", "attempt_time", "failures_since_start")
        rows = list(rows)
        own = [(when, n) for name, when, n in rows if name == username]
        limit = settings.AXES_FAILURE_LIMIT
        request.login_locks = locks = Locks(
            user=lock_end(own, limit=limit),
            address=address_lock(request, username, rows),
        )
        return limit if locks.ends else sum(n for _when, n in own)

    def reset_user_attempts(self, request, credentials=None):
        """Forget the failures of the username that signed in, from its
        address only: they guessed no one else's password. The address's
        other failures, and that username's elsewhere, stay counted."""
        username = attempted_username(request, credentials)
        deleted, _ = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, username=username
        ).delete()
        return deleted

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        request.login_known_device = user  # the middleware sets the cookie


def address_lock(request, username, rows):
    """When the address's lock ends; a known device passes it for its user."""
    ends = lock_end(
        [(when, n) for _name, when, n in rows],
        limit=settings.LOGIN_FAILURES_PER_ADDRESS,
    )
    if ends and known(request, username):
        return None
    return ends


def attempted_username(request, credentials=None):
    """The username a login tried, as axes stores it: from the credentials,
    else the form; NUL removed and cut to the longest username, so a hostile
    post cannot fail the row that records it."""
    field = settings.AXES_USERNAME_FORM_FIELD
    username = (credentials or {}).get(field) or request.POST.get(field) or ""
    return username.replace("\x00", "")[:150]


def audit_lockout(sender, request, username, ip_address, **kwargs):
    """A new lock is an event bureau admins should see beside the other
    audits; refusals while it holds are not. The username may be someone's
    email, so it is logged as its fingerprint, like every email."""
    if getattr(request, "login_refused_while_locked", False):
        return
    audit.record(
        user=None,
        action="login.locked_out",
        subject=audit.fingerprint(username or ""),
        address=ip_address,
    )
