from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    name = "signin"
    verbose_name = _("Signing in")

    def ready(self):
        from axes.models import AccessAttempt
        from axes.signals import user_locked_out

        from hangzhou_mice import staffpages

        from .login import audit_lockout, mark_locked, unmark
        from .twofactor.middleware import ask_for_second_factor

        user_locked_out.connect(audit_lockout, dispatch_uid="audit_lockout")
        user_locked_out.connect(mark_locked, dispatch_uid="mark_locked")
        post_delete.connect(unmark, sender=AccessAttempt, dispatch_uid="unmark")
        # Staff previews of unpublished content ask what admin pages ask.
        staffpages.require(ask_for_second_factor)
