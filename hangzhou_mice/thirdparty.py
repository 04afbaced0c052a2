"""The admin sections of the libraries we use, named in both languages.

Their apps are installed through these configurations (settings.py), which
only rename the section; the app labels, models and migrations stay theirs.
Their models' own labels are translated through our catalogue: the strings
below are their msgids, listed so makemessages keeps them (django-axes and
django-tasks-db ship no Chinese). django-otp's device names are plain
strings, so "TOTP devices" and "Static devices" stay English.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig
from django_tasks_db.apps import TasksAppConfig


class SignInAttemptsConfig(AxesAppConfig):
    verbose_name = _("Sign-in attempts")


class AuthenticatorAppsConfig(TOTPConfig):
    verbose_name = _("Two-factor authentication: authenticator apps")


class RecoveryCodesConfig(StaticConfig):
    verbose_name = _("Two-factor authentication: recovery codes")


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")


LIBRARY_MSGIDS = [
    # django-axes, then django-tasks-db
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
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("status"),
    gettext_noop("task path"),
    gettext_noop("traceback"),
]
