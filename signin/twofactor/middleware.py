"""Who must give a second factor, and the redirect to it from admin pages
and staff previews."""

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from ..headers import is_admin_path

# Admin pages a user without a second factor still needs.
ADMIN_EXEMPT = {"login", "logout", "jsi18n"}


def needs_second_factor(user):
    """Superusers, and staff who may see or export participants' data."""
    if user.is_superuser:
        return True
    perms = settings.STAFF_2FA_PERMISSIONS
    return user.is_staff and any(user.has_perm(perm) for perm in perms)


class RequireTwoFactorMiddleware:
    """Send staff who need a second factor (or enrolled one of their own
    accord), and have not given it since they logged in, from admin pages to
    the code form, or to enrolment first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_exempt(request):
            return None
        return ask_for_second_factor(request)


def ask_for_second_factor(request):
    """The redirect to verify (or enrol) if the admin's rule asks this user for
    a second factor not given since they logged in; else None.

    Staff previews outside the admin ask it too (hangzhou_mice/staffpages.py).
    """
    user = request.user
    if not settings.REQUIRE_STAFF_2FA or not user.is_authenticated:
        return None
    if user.is_verified():
        return None
    enrolled = django_otp.user_has_device(user)
    if enrolled or needs_second_factor(user):
        return to_second_factor(request, enrolled)
    return None


def is_exempt(request):
    if not is_admin_path(request):
        return True
    match = request.resolver_match
    if match.app_name == "twofactor":
        return True
    return match.namespace == "admin" and match.url_name in ADMIN_EXEMPT


def second_factor_first(request):
    """Redirect to verify (or enrol) unless this session gave a second factor."""
    if request.user.is_verified():
        return None
    return to_second_factor(request, django_otp.user_has_device(request.user))


def to_second_factor(request, enrolled):
    step = "twofactor:verify" if enrolled else "twofactor:setup"
    return redirect_with_next(step, request.get_full_path())


def redirect_with_next(name, target):
    return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': target})}")


def next_url(request):
    """The page to go on to: ?next= if it stays on this site, else the admin."""
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")
