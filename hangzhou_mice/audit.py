"""The audit log of actions on personal data and accounts (AuditEntry)."""

import hashlib
import hmac

from django.conf import settings

from .models import AuditEntry


def record(*, user, action: str, subject: str = "", **detail) -> AuditEntry:
    """Write one audit entry; `user` may be None for scheduled jobs."""
    return AuditEntry.objects.create(
        user=user if user is not None and user.pk else None,
        username=getattr(user, "username", "") or "",
        action=action,
        subject=subject[:200],
        detail=detail,
    )


def fingerprint(email: str) -> str:
    """A stable keyed digest of an email, to log requests without the address."""
    key = settings.SECRET_KEY.encode()
    digest = hmac.new(key, email.strip().casefold().encode(), hashlib.sha256)
    return "email:" + digest.hexdigest()[:24]
