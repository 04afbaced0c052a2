import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from operations.checks import check_migration_history, check_server_encoding


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_healthz_answers_ok_when_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_while_database_is_unreachable(client, monkeypatch):
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "PORT", free_port())

    response = client.get("/healthz")

    assert response.status_code == 503
    monkeypatch.undo()
    connection.close()
    assert client.get("/healthz").status_code == 200


def test_site_refuses_to_start_on_a_database_other_than_postgresql(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}

    result = subprocess.run(  # noqa: S603  (our own manage.py)
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: DATABASE_URL must point to "
        "PostgreSQL (postgres://...), not django.db.backends.sqlite3."
    )


@pytest.mark.django_db
def test_database_encoding_is_utf8():
    assert check_server_encoding(None, databases=["default"]) == []


def test_settings_follow_the_platform_contract():
    database = settings.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] > 0
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True


def test_tests_keep_uploads_out_of_the_checkout_and_imports_off_disk(settings):
    assert not hasattr(settings, "ROSTER_IMPORT_DIR")  # pending imports: database
    assert not settings.MEDIA_ROOT.is_relative_to(settings.BASE_DIR)


def test_tests_write_nothing_into_the_checkout_that_workers_share(settings):
    """`pytest -n` runs workers at once in one checkout: its var/ is no test's."""
    assert not settings.ROSTER_EXPORT_DIR.is_relative_to(settings.BASE_DIR)
    assert settings.DEMO_ADMIN_PASSWORD  # load_demo keeps none in var/


@pytest.mark.django_db
def test_database_from_before_the_rewritten_migrations_is_refused():
    assert check_migration_history(None, databases=["default"]) == []
    MigrationRecorder(connection).record_applied("events", "0007_room_layout_indexes")

    errors = check_migration_history(None, databases=["default"])

    assert [error.id for error in errors] == ["hangzhou_mice.E002"]
    assert "events.0007_room_layout_indexes" in errors[0].msg
