"""The two-factor pages, wrapped in admin.site.admin_view() by urls.py."""

import math

import django_otp
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hangzhou_mice import audit

from .forms import EnrolForm, VerifyForm
from .middleware import next_url, redirect_with_next, second_factor_first
from .qr import qr_code, spaced_secret
from .services import recovery_codes_regenerate, second_factor_enrol

APP_DEVICE_NAME = "Authenticator app"


def setup(request):
    """Enrol an authenticator app: scan the code, type one back, note the
    recovery codes."""
    user, target = request.user, next_url(request)
    # A password alone never replaces an enrolled second factor.
    if not user.is_verified() and django_otp.user_has_device(user):
        return redirect_with_next("twofactor:verify", target)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).last()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, confirmed=False
        )
    form = EnrolForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        codes = second_factor_enrol(user=user, device=form.device)
        logged_in_with(request, form.device)
        return show_recovery_codes(request, codes, target)
    response = render(
        request,
        "setup",
        _("Set up two-factor authentication"),
        form=form,
        qr_code=qr_code(device),
        secret=spaced_secret(device),
    )
    return refused_for_now(response, form)


def verify(request):
    """Ask for a code from the app or a recovery code, once per login."""
    user, target = request.user, next_url(request)
    if user.is_verified():
        return HttpResponseRedirect(target)
    if not django_otp.user_has_device(user):
        return redirect_with_next("twofactor:setup", target)
    form = VerifyForm(request.POST or None, user=user)
    if request.method == "POST":
        if form.is_valid():
            logged_in_with(request, form.device)
            return HttpResponseRedirect(target)
        if form.failed:
            audit_lock(user, form.failed)
    response = render(request, "verify", _("Two-factor authentication"), form=form)
    return refused_for_now(response, form)


def overview(request):
    """The user's second factor: recovery codes left, links to replace both."""
    if response := second_factor_first(request):
        return response
    remaining = StaticToken.objects.filter(device__user=request.user).count()
    return render(
        request, "overview", _("Two-factor authentication"), remaining=remaining
    )


def recovery_codes(request):
    """Confirm, then replace the recovery codes and show the new ones once."""
    if response := second_factor_first(request):
        return response
    if request.method == "POST":
        codes = recovery_codes_regenerate(user=request.user)
        return show_recovery_codes(request, codes, reverse("twofactor:index"))
    return render(request, "recovery_codes_confirm", _("New recovery codes"))


def audit_lock(user, device):
    """One row per lock a wrong code starts: tries it refuses write none, so
    a flood of codes writes a row per doubling of the wait."""
    _, why = device.verify_is_allowed()
    started = device.throttling_failure_timestamp
    until = why["locked_until"] if why else started  # throttling switched off
    audit.record(
        user=user,
        action="2fa.verify_failed",
        subject=f"user:{user.pk}",
        failures=device.throttling_failure_count,
        locked_seconds=round((until - started).total_seconds()),
    )


def refused_for_now(response, form):
    """429 with Retry-After (whole seconds left, rounded up) while the code
    form's device is locked."""
    if form.has_error("code", "throttled"):
        left = (form.locked_until - timezone.now()).total_seconds()
        response.status_code = 429
        response["Retry-After"] = str(max(1, math.ceil(left)))
    return response


def logged_in_with(request, device):
    django_otp.login(request, device)
    # A new session key for the stronger login, as at password login.
    request.session.cycle_key()


def show_recovery_codes(request, codes, target):
    return render(
        request, "recovery_codes", _("Your recovery codes"), codes=codes, next=target
    )


def render(request, template, title, **context):
    context = {
        **admin.site.each_context(request),
        "title": title,
        "is_nav_sidebar_enabled": False,
        **context,
    }
    return TemplateResponse(request, f"admin/twofactor/{template}.html", context)
