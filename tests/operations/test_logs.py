"""Structured logs: a JSON line a request, errors with tracebacks, files
rotated daily and kept LOG_RETENTION_DAYS, errors mailed to ADMINS."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from operations.logs import JSONFormatter, RequestLogMiddleware

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


def test_log_files_are_shared_by_workers_and_kept_six_months(tmp_path):
    code = "\n".join(
        [
            "import django, logging",
            "django.setup()",
            "(f,) = logging.getLogger('hangzhou_mice.requests').handlers",
            "print(isinstance(f, logging.handlers.WatchedFileHandler), f.baseFilename)",
            "from django.conf import settings",
            "print(settings.LOG_RETENTION_DAYS, settings.SERVER_LOG_RETENTION_DAYS)",
        ]
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LOG_DIR": str(tmp_path / "logs"),
    }
    env.pop("LOG_RETENTION_DAYS", None)
    out = subprocess.run(  # noqa: S603  (our own settings, fixed code)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    handler, retention = out.stdout.splitlines()
    # Reopens the file once rotate_logs renamed it, in every worker.
    assert handler == f"True {tmp_path / 'logs' / 'requests.log'}"
    assert retention == "183 183"


def line(day):
    return json.dumps({"time": f"{day}T23:59:00+0800", "message": "GET /"}) + "\n"


def test_rotation_names_yesterdays_file_and_forgets_old_days(settings, tmp_path):
    import datetime
    import logging.handlers

    from operations.logs import logs_rotate

    settings.LOG_DIR, settings.LOG_RETENTION_DAYS = str(tmp_path), 183
    today = datetime.date(2026, 12, 5)
    (tmp_path / "requests.log").write_text(line("2026-12-04"))
    (tmp_path / "errors.log").write_text(line("2026-12-05"))  # begun today: kept
    (tmp_path / "requests.log.2026-06-04").write_text(line("2026-06-04"))  # 184 days
    (tmp_path / "requests.log.2026-06-05").write_text(line("2026-06-05"))  # 183 days
    worker = logging.handlers.WatchedFileHandler(tmp_path / "requests.log")

    assert logs_rotate(today) == (1, 1)

    worker.emit(logging.makeLogRecord({"msg": "after midnight"}))
    worker.close()
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == [
        "errors.log",
        "requests.log",
        "requests.log.2026-06-05",
        "requests.log.2026-12-04",
    ]
    assert (tmp_path / "requests.log").read_text() == "after midnight\n"
    assert logs_rotate(today) == (0, 0)


def test_server_errors_are_mailed_to_admins(client, settings, mailoutbox, monkeypatch):
    settings.ADMINS = ["Duty engineer <duty@example.org>"]
    settings.DEBUG = False

    def broken(*args, **kwargs):
        raise RuntimeError("the venue finder broke")

    monkeypatch.setattr("bureau.privacy.PrivacyView.get", broken)
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
