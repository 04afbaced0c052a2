"""Login throttling on django-axes, with two limits and our lockout page.

A username is locked for the address it is tried from after
AXES_FAILURE_LIMIT failures; an address is locked for every username after
LOGIN_FAILURES_PER_ADDRESS failures (guessing across names costs Django as
much as guessing one: it hashes a password for unknown users too). Axes
checks both before any password is hashed, so a locked client is answered
cheaply. Bureau admins unlock by deleting the attempt ("Access attempts").

Once a client is locked, LockedClientMiddleware refuses its next logins from
a short-lived cache mark, before the login view, the form or any query: an
attacker hammering the login then costs the site little more than a cached
page. The mark lasts LOGIN_LOCK_RECHECK_SECONDS, after which axes looks at the
database again (and renews the mark while the lock holds), so an unlock in
the admin takes effect on every server within that time.
"""

import hashlib

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from . import audit
from .clientip import client_ip


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
    """Axes' database handler with a separate, higher limit per address.

    Axes compares one count with one limit (AXES_FAILURE_LIMIT); the
    address's failures are scaled onto it, so 20 failures from an address
    count as 5 for one username there.
    """

    def get_failures(self, request, credentials=None):
        per_user, per_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        scaled = per_address * settings.AXES_FAILURE_LIMIT
        by_address = scaled // settings.LOGIN_FAILURES_PER_ADDRESS
        # Which lock holds, for the mark LockedClientMiddleware reads.
        request.login_locked_address = by_address >= settings.AXES_FAILURE_LIMIT
        return max(per_user, by_address)


def attempted_username(request, credentials=None):
    """The username a login tried, as axes stores it: from the credentials,
    else the form; NUL removed and cut to the longest username, so a hostile
    post cannot fail the row that records it."""
    field = settings.AXES_USERNAME_FORM_FIELD
    username = (credentials or {}).get(field) or request.POST.get(field) or ""
    return username.replace("\x00", "")[:150]


def lock_key(address, username=None):
    """A cache key; the username hashed, since it may hold any character."""
    if username is None:
        return f"login-locked:{address}"
    digest = hashlib.sha256(username.encode(errors="replace")).hexdigest()
    return f"login-locked:{address}:{digest[:32]}"


def mark_locked(sender, request, username, ip_address, **kwargs):
    """Remember a lock for a moment, so the next tries are refused early."""
    by_address = getattr(request, "login_locked_address", False)
    key = lock_key(ip_address, None if by_address else username)
    cache.set(key, True, settings.LOGIN_LOCK_RECHECK_SECONDS)


def unmark(sender, instance, **kwargs):
    """An attempt deleted (unlocked in the admin, or by axes_reset) lifts the
    mark at once in this process; other workers, whose marks live in their
    own memory, recheck within the mark's lifetime."""
    address = instance.ip_address
    cache.delete_many([lock_key(address), lock_key(address, instance.username)])


class LockedClientMiddleware:
    """Answer a locked client's login post with the 429 page at once."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.login_path = None

    def __call__(self, request):
        if request.method == "POST" and self.locked(request):
            return locked_out(request, None)
        return self.get_response(request)

    def locked(self, request):
        if self.login_path is None:
            self.login_path = reverse("admin:login")
        if request.path != self.login_path:
            return False
        address = client_ip(request)
        username = attempted_username(request)
        marks = cache.get_many([lock_key(address), lock_key(address, username)])
        return bool(marks)


def audit_lockout(sender, request, username, ip_address, **kwargs):
    """A new lock is an event bureau admins should see beside the other
    audits; refusals while it holds are not."""
    if getattr(request, "login_refused_while_locked", False):
        return
    audit.record(
        user=None,
        action="login.locked_out",
        subject=f"username:{username or ''}",
        address=ip_address,
    )


def locked_out(request, credentials, *args, **kwargs):
    """429 with a page that says what happened and what to do.

    The page is the same for every locked client but its language, so it is
    rendered once a language and kept: refusing costs no template work.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    key = f"login-locked-page:{get_language()}:{minutes}"
    if (content := cache.get(key)) is None:
        context = {
            **admin.site.each_context(request),
            "is_nav_sidebar_enabled": False,
            "minutes": minutes,
        }
        content = render_to_string("admin/locked_out.html", context, request)
        cache.set(key, content, 3600)
    response = HttpResponse(content, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
