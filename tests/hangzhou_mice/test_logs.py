"""Structured logs: a JSON line a request, errors with tracebacks, files
rotated daily and kept LOG_RETENTION_DAYS, errors mailed to ADMINS."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hangzhou_mice.logs import JSONFormatter, RequestLogMiddleware

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_each_request_is_one_json_line(client, caplog):
    caplog.set_level(logging.INFO, logger="hangzhou_mice.requests")
    logging.getLogger("hangzhou_mice.requests").setLevel(logging.INFO)
    try:
        client.get("/en/privacy/", REMOTE_ADDR="198.51.100.4")
    finally:
        logging.getLogger("hangzhou_mice.requests").setLevel(logging.WARNING)
    (record,) = [r for r in caplog.records if r.name == "hangzhou_mice.requests"]
    line = json.loads(JSONFormatter().format(record))
    assert line["method"] == "GET" and line["path"] == "/en/privacy/"
    assert (line["status"], line["address"], line["user"]) == (
        200,
        "198.51.100.4",
        None,
    )
    assert line["ms"] >= 0 and line["bytes"] > 0


def test_an_error_line_carries_its_traceback():
    try:
        raise ValueError("broken ünïcode ς")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "boom", (), sys.exc_info()
        )
    line = json.loads(JSONFormatter().format(record))
    assert line["level"] == "ERROR"
    assert "broken ünïcode ς" in line["traceback"]


def test_log_files_rotate_daily_and_are_kept_six_months(tmp_path):
    code = "\n".join(
        [
            "import django, logging",
            "django.setup()",
            "(f,) = logging.getLogger('hangzhou_mice.requests').handlers",
            "print(type(f).__name__, f.when, f.backupCount, f.baseFilename)",
            "from django.conf import settings",
            "print(settings.SERVER_LOG_RETENTION_DAYS)",
        ]
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "hangzhou_mice.settings",
        "LOG_DIR": str(tmp_path / "logs"),
    }
    env.pop("LOG_RETENTION_DAYS", None)
    out = subprocess.run(  # noqa: S603  (our own settings, fixed code)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    rotation, privacy = out.stdout.splitlines()
    kind, when, kept, filename = rotation.split()
    assert (kind, when, int(kept)) == ("TimedRotatingFileHandler", "MIDNIGHT", 183)
    assert filename == str(tmp_path / "logs" / "requests.log")
    assert privacy == "183"


def test_server_errors_are_mailed_to_admins(client, settings, mailoutbox, monkeypatch):
    settings.ADMINS = ["Duty engineer <duty@example.org>"]
    settings.DEBUG = False

    def broken(*args, **kwargs):
        raise RuntimeError("the venue finder broke")

    monkeypatch.setattr("website.views.PrivacyView.get", broken)
    client.raise_request_exception = False
    response = client.get("/en/privacy/")
    assert response.status_code == 500
    (mail,) = mailoutbox
    assert mail.to == ["Duty engineer <duty@example.org>"]
    assert "the venue finder broke" in mail.body


def test_request_log_reads_no_user_it_was_not_asked_for(rf, django_assert_num_queries):
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.http import HttpResponse

    def view(request):
        return HttpResponse("ok")

    stack = SessionMiddleware(AuthenticationMiddleware(view))
    middleware = RequestLogMiddleware(stack)
    with django_assert_num_queries(0):
        middleware(rf.get("/"))
