"""Structured logs: one JSON object a line, for files an operator can search
and a log shipper can read without parsing prose.

RequestLogMiddleware writes one line a request to the "hangzhou_mice.requests"
logger (method, path, status, duration, client address, user id); errors
come from Django's own "django.request" logger with their traceback. The
settings route both to files in LOG_DIR.

Every gunicorn worker writes to the same files, so no worker rotates them
(a TimedRotatingFileHandler per process renames the file under the others).
Each worker's WatchedFileHandler reopens a file once it is renamed, and
`manage.py rotate_logs` (an hourly periodic job) renames it after the day
it began and deletes the days older than LOG_RETENTION_DAYS.
"""

import datetime
import json
import logging
import logging.handlers
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.functional import empty

from hangzhou_mice.clientip import client_ip

requests_log = logging.getLogger("hangzhou_mice.requests")


class JSONFormatter(logging.Formatter):
    """A record as one JSON line: time, level, logger, message, extras."""

    FIELDS = ("method", "path", "status", "ms", "address", "user", "bytes")

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry |= {f: getattr(record, f) for f in self.FIELDS if hasattr(record, f)}
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class LogFileHandler(logging.handlers.WatchedFileHandler):
    """A WatchedFileHandler that makes its folder (LOG_DIR) when it opens the
    file, when logging is configured, so that importing the settings does not."""

    def __init__(self, filename, *args, **kwargs):
        Path(filename).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(filename, *args, **kwargs)


def looked_up(user):
    """Whether request.user was resolved (a lazy object is until read)."""
    return user is not None and getattr(user, "_wrapped", empty) is not empty


class RequestLogMiddleware:
    """One structured line a request, written after the response is made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if requests_log.isEnabledFor(logging.INFO):
            user = getattr(request, "user", None)
            requests_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "address": client_ip(request),
                    # Only when the view looked: reading it here costs a query.
                    "user": user.pk if looked_up(user) else None,
                    "bytes": None if response.streaming else len(response.content),
                },
            )
        return response


def first_day(path):
    """The local day of a log file's first line, or None if it has none."""
    with path.open(encoding="utf-8", errors="replace") as stream:
        line = stream.readline()
    try:
        return datetime.date.fromisoformat(json.loads(line)["time"][:10])
    except (ValueError, KeyError, TypeError):
        return None


def logs_rotate(today=None):
    """Rename the log files begun before today to <name>.<day>; delete the
    renamed ones older than LOG_RETENTION_DAYS. Return (rotated, deleted)."""
    today = today or timezone.localdate()
    folder = Path(settings.LOG_DIR)
    rotated = deleted = 0
    for path in sorted(folder.glob("*.log")):
        day = first_day(path)
        if day is not None and day < today:
            target = path.with_name(f"{path.name}.{day.isoformat()}")
            if target.exists():  # a second rotation the same day: keep both
                target = target.with_name(f"{target.name}.{time.time_ns()}")
            path.rename(target)
            rotated += 1
    oldest = today - datetime.timedelta(days=settings.LOG_RETENTION_DAYS)
    for path in folder.glob("*.log.*"):
        try:
            day = datetime.date.fromisoformat(path.name.split(".")[2][:10])
        except (IndexError, ValueError):
            continue
        if day < oldest:
            path.unlink(missing_ok=True)
            deleted += 1
    return rotated, deleted
