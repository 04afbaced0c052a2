"""The admin sections of the sign-in libraries, named in both languages.

Their apps are installed through these configurations (config/settings/), which
only rename the section; the app labels, models and migrations stay theirs.
Their models' own labels are translated through our catalogue: the strings
below are their msgids, listed so makemessages keeps them (django-axes ships
no Chinese). django-otp's device names are plain
strings, so "TOTP devices" and "Static devices" stay English.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class SignInAttemptsConfig(AxesAppConfig):
    verbose_name = _("Sign-in attempts")


class AuthenticatorAppsConfig(TOTPConfig):
    verbose_name = _("Two-factor authentication: authenticator apps")


class RecoveryCodesConfig(StaticConfig):
    verbose_name = _("Two-factor authentication: recovery codes")


LIBRARY_MSGIDS = [
    # django-axes
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Attempt Time"),
    gettext_noop("Failed Logins"),
    gettext_noop("IP Address"),
    gettext_noop("Locked Out"),
    gettext_noop("Logout Time"),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
    gettext_noop("Path"),
]
