"""The task queue's admin section (django-tasks-db), named in both languages.

Installed through this configuration (config/settings/), which only renames
the section; the app label, models and migrations stay the library's. Its
models' labels are translated through our catalogue: the strings below are
their msgids, listed so makemessages keeps them (django-tasks-db ships no
Chinese).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_tasks_db.apps import TasksAppConfig


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")


LIBRARY_MSGIDS = [
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("status"),
    gettext_noop("task path"),
    gettext_noop("traceback"),
]
