"""Enrolling an authenticator app and replacing recovery codes, audited."""

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hangzhou_mice import audit

RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10


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
