"""The code forms: enrolment (the new app's code) and verification (an app's
code or a recovery code), throttled per device by django-otp."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_CODE = re.compile(r"\d{6}")
THROTTLED = _(
    "Too many wrong codes in a row: codes are refused for a while, and each "
    "wrong code doubles the wait. Try again later, or ask a bureau "
    "administrator to reset your second factor."
)


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
