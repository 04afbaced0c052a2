"""Signing in (the signin app): login throttling and two-factor authentication."""

import os
from datetime import timedelta

from config.env import env

from .base import DEBUG

# Login throttling (django-axes; signin/login/): a username is
# locked for an address after LOGIN_FAILURE_LIMIT failures, an address after
# LOGIN_FAILURES_PER_ADDRESS failures over any usernames, for
# LOGIN_LOCKOUT_MINUTES or until a bureau admin deletes the attempt in the
# admin ("Access attempts"). A locked client's login costs no password hash.
AUTHENTICATION_BACKENDS = [
    "signin.login.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=20)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"], "ip_address"]
AXES_HANDLER = "signin.login.LoginAttempts"
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=60))
# A success forgets only that username's failures from that address
# (LoginAttempts.reset_user_attempts): no one's good password lifts another
# username's lock or the address's count.
AXES_RESET_ON_SUCCESS = True
# A refused try while locked neither counts nor extends the lock (and
# writes nothing); the lock ends LOGIN_LOCKOUT_MINUTES after it began.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
LOGIN_LOCK_RECHECK_SECONDS = 30
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_CLIENT_IP_CALLABLE = "hangzhou_mice.clientip.client_ip"
AXES_USERNAME_CALLABLE = "signin.login.attempted_username"
AXES_LOCKOUT_CALLABLE = "signin.login.locked_out"
AXES_VERBOSE = False
# Over the whole site, LOGIN_FAILURES_PER_MINUTE failed logins in a minute
# (counted in axes' failure log, so AXES_ENABLE_ACCESS_FAILURE_LOG stays on)
# pause sign-in without a password hash, except from a browser its user
# signed in with in the last LOGIN_KNOWN_DEVICE_DAYS (a signed cookie). 0: off.
# Ten wrong passwords cost about ten seconds of one core (PBKDF2 at Django's
# cost), a sixth of it, however many addresses an attacker has; a bureau's
# staff seldom mistype ten times in one minute.
LOGIN_FAILURES_PER_MINUTE = env.int("LOGIN_FAILURES_PER_MINUTE", default=10)
LOGIN_KNOWN_DEVICE_DAYS = env.int("LOGIN_KNOWN_DEVICE_DAYS", default=90)
# Password checks at once over every worker (PostgreSQL advisory locks); a
# login finding none free gets a 503 at once. Half the cores, so that however
# many logins arrive, hashing (a second each) leaves the other half to the
# pages: on two cores, one.
LOGIN_PASSWORD_CHECK_SLOTS = env.int(
    "LOGIN_PASSWORD_CHECK_SLOTS", default=max(1, (os.process_cpu_count() or 2) // 2)
)

# Two-factor authentication (django-otp; signin/twofactor/): staff
# who are superusers or hold one of STAFF_2FA_PERMISSIONS must enrol an
# authenticator app and confirm a code on every login. On by default
# outside DEBUG; `make run` (DEBUG=1) leaves it off for the demo users.
REQUIRE_STAFF_2FA = env.bool("REQUIRE_STAFF_2FA", default=not DEBUG)
STAFF_2FA_PERMISSIONS = [
    "events.view_participant",
    "events.export_roster",
    "enquiries.view_lead",
    "enquiries.export_lead",
]
OTP_TOTP_ISSUER = "Hangzhou MICE"
# The device admin (for resetting someone's second factor) shows no secrets.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
