"""Two-factor authentication for staff who see personal data.

When settings.REQUIRE_STAFF_2FA is on, superusers and staff holding one of
settings.STAFF_2FA_PERMISSIONS give a code from an authenticator app (a
django-otp TOTPDevice) once per login before any admin page or staff preview
opens; the first time, they enrol the app. Ten single-use recovery codes (a
StaticDevice) stand in for a lost phone. Other staff may enrol too, from the
user links; from then on they are asked for a code at each login like the
others. Wrong codes lock the device for 1, 2, 4… seconds (django-otp's
throttle): each lock is audited once, and tries it refuses get a 429 whose
Retry-After is the time it has left.

A bureau admin resets someone's second factor by deleting that user's TOTP
device and static device in the admin: their sessions lose the second factor
at once, and their next admin page asks them to enrol again.
"""

import math
import re
from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .headers import is_admin_path

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
APP_CODE = re.compile(r"\d{6}")
# Admin pages a user without a second factor still needs.
ADMIN_EXEMPT = {"login", "logout", "jsi18n"}
THROTTLED = _(
    "Too many wrong codes in a row: codes are refused for a while, and each "
    "wrong code doubles the wait. Try again later, or ask a bureau "
    "administrator to reset your second factor."
)


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

    Staff views outside the admin that show unpublished content call it too.
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


# Services


def second_factor_enrol(*, user, device: TOTPDevice) -> list[str]:
    """Confirm the app `device` as the user's only one; return new recovery codes."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # The new app replaces any earlier one, confirmed or abandoned.
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = recovery_codes_replace(user=user)
        audit.record(user=user, action="2fa.enrol", subject=f"user:{user.pk}")
    return codes


def recovery_codes_regenerate(*, user) -> list[str]:
    """Replace the user's recovery codes, audited; return the new ones."""
    with transaction.atomic():
        codes = recovery_codes_replace(user=user)
        audit.record(
            user=user,
            action="2fa.recovery_codes",
            subject=f"user:{user.pk}",
            count=len(codes),
        )
    return codes


def recovery_codes_replace(*, user) -> list[str]:
    # The device is kept, not replaced: a session verified by a recovery code
    # stays verified.
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


# Forms


class CodeForm(forms.Form):
    """One code, accepted by one of `candidates(code)`, kept as `self.device`.

    Each device throttles its own failures (django-otp doubles the wait after
    each), so a throttled device refuses even the right code for a while:
    `locked_until` says until when. A wrong code locks the device it was
    checked against, kept as `self.failed`.
    """

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "size": 12}
        ),
    )
    invalid_message = ""
    failed = locked_until = None

    def candidates(self, code):
        raise NotImplementedError

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        with transaction.atomic():
            for device in self.candidates(code).select_for_update():
                allowed, why = device.verify_is_allowed()
                if not allowed:
                    self.locked_until = why["locked_until"]
                elif device.verify_token(code):
                    self.device = device
                    return code
                else:
                    self.failed = device
        # Raised outside the transaction, so the failure count is kept.
        if self.locked_until and not self.failed:
            raise ValidationError(THROTTLED, code="throttled")
        raise ValidationError(self.invalid_message, code="invalid")


class EnrolForm(CodeForm):
    invalid_message = _(
        "That code is not valid. Check that your phone's clock is set "
        "automatically, then enter the code your app shows now."
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolling = device
        self.fields["code"].widget.attrs["inputmode"] = "numeric"
        self.fields["code"].help_text = _("The 6-digit code your app shows.")

    def candidates(self, code):
        return TOTPDevice.objects.filter(pk=self.enrolling.pk)


class VerifyForm(CodeForm):
    invalid_message = _(
        "That code is not valid. Check your authenticator app's clock, "
        "or use a recovery code."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["code"].help_text = _(
            "The 6-digit code from your authenticator app, or one of your "
            "recovery codes."
        )

    def candidates(self, code):
        model = TOTPDevice if APP_CODE.fullmatch(code) else StaticDevice
        return model.objects.devices_for_user(self.user, confirmed=True)


# Views, wrapped in admin.site.admin_view() by twofactor_urls.


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


def qr_code(device):
    """The app's setup link as inline SVG (no script, no request for an image)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, light="#fff")
    return mark_safe(svg)  # noqa: S308  (segno's markup of our own link)


def spaced_secret(device):
    """The key in base32, in groups of four, for typing into the app."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
