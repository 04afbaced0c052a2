"""The settings read only the environment, create nothing on disk, and the
paths deployments named before config/ still work for a release."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR


def python(code, **env):
    """Run `code` in a new interpreter at the top of the checkout."""
    return subprocess.run(  # noqa: S603  (our own code, fixed arguments)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=os.environ | env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_local_dot_env_does_not_reach_the_settings(tmp_path):
    (tmp_path / ".env").write_text("LOGIN_FAILURE_LIMIT=3\n")
    code = (
        "import os, pathlib, config.env\n"
        "os.environ.pop('LOGIN_FAILURE_LIMIT', None)\n"
        f"config.env.BASE_DIR = pathlib.Path({str(tmp_path)!r})\n"
        "import config.settings\n"
        "print(config.settings.AXES_FAILURE_LIMIT)\n"
    )

    result = python(code)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "5\n"


def test_the_entry_points_add_a_dot_env_under_the_environment(tmp_path):
    (tmp_path / ".env").write_text("LOGIN_FAILURE_LIMIT=3\nDEBUG=1\n")
    code = (
        "import pathlib, config.env\n"
        f"config.env.BASE_DIR = pathlib.Path({str(tmp_path)!r})\n"
        "config.env.read_dot_env()\n"
        "import config.settings\n"
        "print(config.settings.AXES_FAILURE_LIMIT, config.settings.DEBUG)\n"
    )

    result = python(code, DEBUG="0")

    assert result.returncode == 0, result.stderr
    assert result.stdout == "3 False\n"  # the environment's DEBUG wins


def test_importing_the_settings_creates_no_log_folder(tmp_path):
    folder = tmp_path / "logs"

    result = python("import config.settings", LOG_DIR=str(folder))

    assert result.returncode == 0, result.stderr
    assert not folder.exists()


@pytest.mark.django_db
def test_a_site_deployed_with_the_old_settings_path_still_starts():
    result = subprocess.run(  # noqa: S603  (our own manage.py)
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "hangzhou_mice.settings"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"


@pytest.mark.django_db
def test_the_old_wsgi_path_serves_the_site():
    database = settings.DATABASES["default"]
    url = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**database)
    code = (
        "import wsgiref.util\n"
        "from hangzhou_mice.wsgi import application\n"
        "environ = {'PATH_INFO': '/healthz'}\n"
        "wsgiref.util.setup_testing_defaults(environ)\n"
        "status = []\n"
        "body = b''.join(application(environ, lambda s, h: status.append(s)))\n"
        "print(status[0], body)\n"
    )

    result = python(
        code, DJANGO_SETTINGS_MODULE="hangzhou_mice.settings", DATABASE_URL=url
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "200 OK b'ok\\n'\n"


def test_a_redis_cache_url_keeps_its_key_prefix_and_timeout():
    code = (
        "import config.settings as s\n"
        "c = s.CACHES['default']\n"
        "print(c['BACKEND'], c['LOCATION'], c['KEY_PREFIX'], c['TIMEOUT'])\n"
    )

    result = python(
        code, CACHE_URL="redis://127.0.0.1:6379/2?key_prefix=bureau-b&timeout=60"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6379/2"
        " bureau-b 60\n"
    )
