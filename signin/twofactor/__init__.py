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
