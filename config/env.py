"""The environment the settings read, and the `.env` file the entry points add.

The settings read only the environment (config/settings/). manage.py,
config/wsgi.py and config/asgi.py first add the variables of a `.env` file at
the top of the checkout that the environment does not set, so a developer's
`.env` works for every command and server; the tests import the settings
without an entry point, so a local `.env` never changes what they see.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def read_dot_env():
    """Add the variables of BASE_DIR/.env that the environment does not set."""
    env.read_env(BASE_DIR / ".env")
