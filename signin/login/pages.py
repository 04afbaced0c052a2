"""The refusals' pages: a lock and the site-wide ceiling (429), no free
password-check slot (503), each with a Retry-After of the time left."""

import math

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from .locks import Locks, seconds_until

# A password check takes about a second, so a slot is free again by then.
BUSY_RETRY_SECONDS = 2
PAUSED = "admin/login_paused.html"


def locked_out(request, credentials=None, *args, **kwargs):
    """429 with a page that says what happened, for how long, what to do."""
    locks = getattr(request, "login_locks", None) or Locks()
    seconds = seconds_until(locks.ends or timezone.now() + settings.AXES_COOLOFF_TIME)
    context = {"minutes": math.ceil(seconds / 60)}
    return refusal(request, "admin/locked_out.html", context, 429, seconds)


def over_ceiling(request, ends):
    """429: the site-wide ceiling holds, until `ends`."""
    return refusal(request, PAUSED, {"busy": False}, 429, seconds_until(ends))


def busy(request):
    """503: every password-check slot is taken; one frees in a moment."""
    return refusal(request, PAUSED, {"busy": True}, 503, BUSY_RETRY_SECONDS)


def refusal(request, template, context, status, retry_after):
    """The page is the same for every refused client but its language and
    context, so it is rendered once for each and kept: refusing costs no
    template work."""
    values = ":".join(f"{name}={value}" for name, value in sorted(context.items()))
    key = f"login-refused:{template}:{get_language()}:{values}"
    if (content := cache.get(key)) is None:
        # Rendered as for a stranger: the page is kept for every client.
        full = {
            **admin.site.each_context(request),
            "has_permission": False,
            "user": AnonymousUser(),
            "is_nav_sidebar_enabled": False,
            **context,
        }
        content = render_to_string(template, full, request)
        cache.set(key, content, 3600)
    response = HttpResponse(content, status=status)
    response["Retry-After"] = str(retry_after)
    return response
