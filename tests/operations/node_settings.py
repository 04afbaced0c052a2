"""The settings of the app servers that tests/operations/test_several_servers.py
starts: production's, with static names served as they are (as every test has
them, tests/conftest.py), so that no collectstatic runs first."""

from config.settings import *  # noqa: F403

STORAGES = STORAGES | {  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
}
