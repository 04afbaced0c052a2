"""The admin sections of the sign-in libraries, named in both languages.

Their apps are installed through these configurations (config/settings/), which
only rename the section; the app labels, models and migrations stay theirs.
Their models' own labels are translated through our catalogue: the strings
below are their msgids, listed so makemessages keeps them (django-axes ships
no Chinese). django-otp's model and field names are plain strings, never
passed through gettext: `translate_names` wraps them at start-up so the
overrides catalogue (locale_overrides/) translates them.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class SignInAttemptsConfig(AxesAppConfig):
    verbose_name = _("Sign-in attempts")


def translate_names(model):
    """Let the catalogues translate a library model's plain-string labels.

    Variables, not literals, so makemessages leaves them to the overrides
    catalogue; the autodetector reads `original_attrs`, so no migration."""
    opts = model._meta
    opts.verbose_name = gettext_lazy(str(opts.verbose_name))
    opts.verbose_name_plural = gettext_lazy(str(opts.verbose_name_plural))
    for field in opts.local_fields:
        field.verbose_name = gettext_lazy(str(field.verbose_name))
        if field.help_text:
            field.help_text = gettext_lazy(str(field.help_text))


class TranslatedNamesMixin:
    def ready(self):
        super().ready()
        for model in self.get_models():
            translate_names(model)


class AuthenticatorAppsConfig(TranslatedNamesMixin, TOTPConfig):
    verbose_name = _("Two-factor authentication: authenticator apps")


class RecoveryCodesConfig(TranslatedNamesMixin, StaticConfig):
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
