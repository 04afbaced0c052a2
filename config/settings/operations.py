"""Running the site (the operations app): background tasks, periodic jobs,
logs, mail and backups."""

from pathlib import Path

from config.env import env

# Background work (Django's tasks framework): a queue table in this
# database, worked by `manage.py run_worker` (see the README, "Production").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Periodic jobs: `manage.py run_periodic` (cron, hourly) runs each command
# line in order; a failing one does not stop the rest. Each goes by age, so
# running the daily ones hourly costs little and catches up after downtime.
PERIODIC_JOBS = [
    "purge_rosters --no-input",
    "sweep_pending_imports",
    "sweep_export_jobs",
    "sweep_orphaned_media",
    "purge_leads",
    "enqueue_renditions",
    "publish_due_changes",
    "prune_db_task_results",
    "rotate_logs",
    "axes_reset_logs --age 183",
    "axes_reset_failure_logs --age 183",
    # Last, after enqueue_renditions: fails (and run_periodic mails ADMINS)
    # when a task has waited longer than TASK_QUEUE_MAX_AGE_MINUTES.
    "check_task_queue",
]
# A rendition takes seconds and a 200,000-row export about one, so a queue
# with a live worker empties within minutes even after a burst; half an hour
# means the worker is down. With the hourly run, ADMINS hear of it within
# 30 to 90 minutes, before the sweeps that fail lost exports (two hours).
TASK_QUEUE_MAX_AGE_MINUTES = env.int("TASK_QUEUE_MAX_AGE_MINUTES", default=30)

# Logs: the console always; with LOG_DIR (make serve sets it), also JSON
# lines in requests.log (one line a request) and errors.log
# (with tracebacks), each kept LOG_RETENTION_DAYS (six months by default,
# the least China's Cybersecurity Law, article 21, asks). Outside DEBUG,
# Django's own logging mails errors to ADMINS ("Name <address>, ...").
LOG_DIR = env.str("LOG_DIR", default="")
LOG_RETENTION_DAYS = env.int("LOG_RETENTION_DAYS", default=183)
ADMINS = [a for a in env.list("ADMINS", default=[]) if a]
SERVER_EMAIL = env.str("SERVER_EMAIL", default="root@localhost")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=SERVER_EMAIL)
# Django 6.1's MAILERS, from EMAIL_URL (smtp+tls://user:password@host:587,
# or consolemail:// to print mails, the default).
_email = env.email_url("EMAIL_URL", default="consolemail://")
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            option: _email[key]
            for option, key in (
                ("host", "EMAIL_HOST"),
                ("port", "EMAIL_PORT"),
                ("username", "EMAIL_HOST_USER"),
                ("password", "EMAIL_HOST_PASSWORD"),
                ("use_tls", "EMAIL_USE_TLS"),
                ("use_ssl", "EMAIL_USE_SSL"),
            )
            if _email.get(key) and "smtp" in _email["EMAIL_BACKEND"]
        },
    }
}
if "smtp" in _email["EMAIL_BACKEND"]:
    # A server that accepts and then hangs must not hold a worker for ever:
    # the enquiry mail task counts the timeout as a failure and retries.
    MAILERS["default"]["OPTIONS"]["timeout"] = env.int("EMAIL_TIMEOUT", default=30)
_log_handlers = {
    "console": {"class": "logging.StreamHandler"},
}
if LOG_DIR:
    for name, level in (("requests", "INFO"), ("errors", "WARNING")):
        _log_handlers[name] = {
            # Makes LOG_DIR when it opens the file, and reopens the file when
            # rotate_logs renames it (operations/logs.py).
            "class": "operations.logs.LogFileHandler",
            "filename": str(Path(LOG_DIR) / f"{name}.log"),
            "encoding": "utf-8",
            "formatter": "json",
            "level": level,
        }
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "operations.logs.JSONFormatter"}},
    "handlers": _log_handlers,
    "root": {
        "handlers": ["console"] + (["errors"] if LOG_DIR else []),
        "level": env.str("LOG_LEVEL", default="INFO"),
    },
    "loggers": {
        "hangzhou_mice.requests": {
            "handlers": ["requests"] if LOG_DIR else [],
            "level": "INFO" if LOG_DIR else "WARNING",
            "propagate": False,
        },
    },
}

# Backups (manage.py backup): the age public key (age1…) archives are
# encrypted to. Its secret key stays off this machine; restore takes it
# with --identity.
BACKUP_AGE_RECIPIENT = env.str("BACKUP_AGE_RECIPIENT", default="")
