"""The known-device cookie: a browser its user signed in with before.

Set at each successful login, signed (django.core.signing) and naming the
user's id with a digest of their password hash, so a new password revokes
every such cookie. It lets its holder sign in as that user while the
site-wide ceiling holds, and past an address lock (someone else guessing from
the same office network), but never past that user's own lock at that
address. It is sent only to the login page.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

COOKIE = "known_device"
# Named after the module's first home: a new salt would forget every device.
SALT = "hangzhou_mice.login.known_device"


def token(user) -> str:
    return signing.dumps([str(user.pk), password_key(user)], salt=SALT)


def password_key(user) -> str:
    return salted_hmac(SALT, user.password, algorithm="sha256").hexdigest()[:32]


def presented(request) -> bool:
    """Whether the request carries a cookie this site signed and that has not
    expired; whose it is, `known` checks later (with a query)."""
    return unsigned(request.COOKIES.get(COOKIE)) is not None


def unsigned(value):
    """The (user id, password key) a valid cookie holds, else None."""
    if not value:
        return None
    max_age = datetime.timedelta(days=settings.LOGIN_KNOWN_DEVICE_DAYS)
    try:
        user_id, key = signing.loads(value, salt=SALT, max_age=max_age)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return user_id, key


def known(request, username: str) -> bool:
    """Whether the request's cookie is a valid one of this username's user;
    checked once a request (one query when there is a cookie)."""
    checked = request.__dict__.setdefault("_login_known_devices", {})
    if username not in checked:
        checked[username] = check(request.COOKIES.get(COOKIE), username)
    return checked[username]


def check(value, username) -> bool:
    if (signed := unsigned(value)) is None:
        return False
    user_id, key = signed
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True)
    user = user.first()
    return (
        user is not None
        and user.get_username() == username
        and constant_time_compare(password_key(user), key)
    )


def remember(request, response, *, path: str) -> None:
    """Set the cookie on a successful login's response."""
    if (user := getattr(request, "login_known_device", None)) is None:
        return
    response.set_cookie(
        COOKIE,
        token(user),
        max_age=datetime.timedelta(days=settings.LOGIN_KNOWN_DEVICE_DAYS),
        path=path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
