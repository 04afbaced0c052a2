"""Settings for every environment, read from environment variables.

Development and tests get DATABASE_URL from scripts/postgres.sh (see the Makefile);
production sets it, SECRET_KEY, ALLOWED_HOSTS and DEBUG=0 itself.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="dev-only-insecure-key" if DEBUG else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin, as its documentation asks: per-language columns.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_prose_editor",
    "django_otp",
    # django-otp, django-axes and django-tasks-db under bilingual names.
    "hangzhou_mice.thirdparty.AuthenticatorAppsConfig",
    "hangzhou_mice.thirdparty.RecoveryCodesConfig",
    "hangzhou_mice.thirdparty.SignInAttemptsConfig",
    "hangzhou_mice.thirdparty.BackgroundTasksConfig",
    "reversion",
    "taggit",
    "hangzhou_mice",
    "articles",
    "events",
    "ambassadors",
    "website",
]

MIDDLEWARE = [
    # Outermost, so that every response leaves with the browser policy
    # headers: the redirects the middleware below make on the way in or out
    # (HTTPS, language, APPEND_SLASH), the 400 of a bad Host (raised inside
    # SecurityMiddleware or CommonMiddleware), 304s, static files and error
    # pages (hangzhou_mice/headers.py). SecurityHeadersMiddleware comes after
    # the CSP middleware, so the admin's policy is in place when that
    # middleware writes the header.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "hangzhou_mice.headers.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "hangzhou_mice.logs.RequestLogMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control, compression, then ETags on the uncompressed body and 304s
    # (hangzhou_mice/httpcache.py).
    "hangzhou_mice.httpcache.CacheControlMiddleware",
    "hangzhou_mice.httpcache.PublicGZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "website.middleware.UnprefixedRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hangzhou_mice.login.LockedClientMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "hangzhou_mice.twofactor.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429.
    "axes.middleware.AxesMiddleware",
]

# The benchmarks add an anchor page with ROOT_URLCONF=bench.urls.
ROOT_URLCONF = env.str("ROOT_URLCONF", default="website.urls")
WSGI_APPLICATION = "hangzhou_mice.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "DATABASE_URL must point to PostgreSQL "
        f"(postgres://...), not {DATABASES['default']['ENGINE']}."
    )
DATABASES["default"].update(
    CONN_MAX_AGE=env.int("CONN_MAX_AGE", default=600),
    # A dropped connection is replaced before the request uses it, so a
    # database restart costs no request an error once the database is back.
    CONN_HEALTH_CHECKS=True,
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The site search's engine: an index table in this database by default
# (hangzhou_mice/search/backends.py says what another would implement).
SEARCH_BACKEND = env.str(
    "SEARCH_BACKEND", default="hangzhou_mice.search.backends.PostgresBackend"
)

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
    "enqueue_renditions",
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

# Per-process memory: related-article ids (a minute old at most,
# publication checked on read) and whole pages keyed by the content
# state (hangzhou_mice/pagecache.py), which every change outdates at once.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
# Our catalogues (.po committed, .mo built by the make targets).
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own English date formats; Chinese uses Django's (2019年11月20日).
FORMAT_MODULE_PATH = ["hangzhou_mice.formats"]


def localized_verbose_name(verbose_name, language):
    """A per-language field's label: "title (English)", "标题（简体中文）"."""
    return format_lazy(
        pgettext_lazy("a field in one language", "{field} ({language})"),
        field=verbose_name,
        language=dict(LANGUAGES)[language],
    )


# Events, venues, ambassadors and organizations keep their names and texts
# in per-language columns (title_en, title_zh_hans); a field left empty in
# one language shows the other's (see the README, "Languages").
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "zh-hans")}
# Slugs stay Latin: the admin fills them from the English title.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"
MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = localized_verbose_name
# The language of the pages last read, for the next visit to "/": a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "hangzhou_mice.storage.CleanFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "hangzhou_mice.tagging.parse_tags"

# Transport and browser policy. Production behind TLS sets the variables
# listed in the README ("Security"); `manage.py check --deploy` then passes.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# The request header a TLS-terminating proxy sets, e.g. X-Forwarded-Proto;
# unset, Django trusts no header to say the request was secure.
if proxy_ssl_header := env.str("SECURE_PROXY_SSL_HEADER", default=""):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + proxy_ssl_header.upper().replace("-", "_"),
        "https",
    )
# The client's address (login throttling, logs): REMOTE_ADDR, unless the
# site sits behind TRUSTED_PROXY_COUNT proxies that append to CLIENT_IP_HEADER
# (hangzhou_mice/clientip.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="X-Forwarded-For")

# Content-Security-Policy: public pages run no inline script or style; the
# admin's pages (its own templates, the prose editor) get ADMIN_CSP from
# hangzhou_mice/headers.py. CSP_REPORT_ONLY=1 reports instead of blocking.
_PUBLIC_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
ADMIN_CSP = _PUBLIC_CSP | {
    # The prose editor's import map carries the nonce (hangzhou_mice/admin.py).
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
}
if env.bool("CSP_REPORT_ONLY", default=False):
    SECURE_CSP, SECURE_CSP_REPORT_ONLY = {}, _PUBLIC_CSP
else:
    SECURE_CSP, SECURE_CSP_REPORT_ONLY = _PUBLIC_CSP, {}
if csp_report_uri := env.str("CSP_REPORT_URI", default=""):
    for policy in (_PUBLIC_CSP, ADMIN_CSP):
        policy["report-uri"] = [csp_report_uri]
# Browser features no page of ours uses.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=()"
)

# Login throttling (django-axes; hangzhou_mice/login/): a username is
# locked for an address after LOGIN_FAILURE_LIMIT failures, an address after
# LOGIN_FAILURES_PER_ADDRESS failures over any usernames, for
# LOGIN_LOCKOUT_MINUTES or until a bureau admin deletes the attempt in the
# admin ("Access attempts"). A locked client's login costs no password hash.
AUTHENTICATION_BACKENDS = [
    "hangzhou_mice.login.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=20)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"], "ip_address"]
AXES_HANDLER = "hangzhou_mice.login.LoginAttempts"
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=60))
# A success forgets only that username's failures from that address
# (LoginAttempts.reset_user_attempts): no one's good password lifts another
# username's lock or the address's count.
AXES_RESET_ON_SUCCESS = True
# A refused try while locked neither counts nor extends the lock (and
# writes nothing); the lock ends LOGIN_LOCKOUT_MINUTES after it began.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
LOGIN_LOCK_RECHECK_SECONDS = 30
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_CLIENT_IP_CALLABLE = "hangzhou_mice.clientip.client_ip"
AXES_USERNAME_CALLABLE = "hangzhou_mice.login.attempted_username"
AXES_LOCKOUT_CALLABLE = "hangzhou_mice.login.locked_out"
AXES_VERBOSE = False
# Over the whole site, LOGIN_FAILURES_PER_MINUTE failed logins in a minute
# (counted in axes' failure log, so AXES_ENABLE_ACCESS_FAILURE_LOG stays on)
# pause sign-in without a password hash, except from a browser its user
# signed in with in the last LOGIN_KNOWN_DEVICE_DAYS (a signed cookie). 0: off.
# Ten wrong passwords cost about ten seconds of one core (PBKDF2 at Django's
# cost), a sixth of it, however many addresses an attacker has; a bureau's
# staff seldom mistype ten times in one minute.
LOGIN_FAILURES_PER_MINUTE = env.int("LOGIN_FAILURES_PER_MINUTE", default=10)
LOGIN_KNOWN_DEVICE_DAYS = env.int("LOGIN_KNOWN_DEVICE_DAYS", default=90)
# Password checks at once over every worker (PostgreSQL advisory locks); a
# login finding none free gets a 503 at once. Half the cores, so that however
# many logins arrive, hashing (a second each) leaves the other half to the
# pages: on two cores, one.
LOGIN_PASSWORD_CHECK_SLOTS = env.int(
    "LOGIN_PASSWORD_CHECK_SLOTS", default=max(1, (os.process_cpu_count() or 2) // 2)
)

# Two-factor authentication (django-otp; hangzhou_mice/twofactor.py): staff
# who are superusers or hold one of STAFF_2FA_PERMISSIONS must enrol an
# authenticator app and confirm a code on every login. On by default
# outside DEBUG; `make run` (DEBUG=1) leaves it off for the demo users.
REQUIRE_STAFF_2FA = env.bool("REQUIRE_STAFF_2FA", default=not DEBUG)
STAFF_2FA_PERMISSIONS = ["events.view_participant", "events.export_roster"]
OTP_TOTP_ISSUER = "Hangzhou MICE"
# The device admin (for resetting someone's second factor) shows no secrets.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

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
_log_handlers = {
    "console": {"class": "logging.StreamHandler"},
}
if LOG_DIR:
    Path(LOG_DIR).mkdir(parents=True, exist_ok=True)
    for name, level in (("requests", "INFO"), ("errors", "WARNING")):
        _log_handlers[name] = {
            # Reopened when rotate_logs renames it (hangzhou_mice/logs.py).
            "class": "logging.handlers.WatchedFileHandler",
            "filename": str(Path(LOG_DIR) / f"{name}.log"),
            "encoding": "utf-8",
            "formatter": "json",
            "level": level,
        }
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "hangzhou_mice.logs.JSONFormatter"}},
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

# Used by `manage.py load_demo` only; production never creates demo users.
DEMO_ADMIN_PASSWORD = env.str("DEMO_ADMIN_PASSWORD", default="")

# The image pipeline (hangzhou_mice/images.py).
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# Memory decoding an upload may take (images.decoded_bytes): 4 bytes a
# pixel for RGB(A), four times that for WebP; larger images are refused.
IMAGE_MAX_DECODED_BYTES = env.int("IMAGE_MAX_DECODED_BYTES", default=128 * 1024**2)
# The shape of an upload (images.check_longer_side, check_aspect_ratio),
# refused before decoding: Pillow keeps a pointer and a padded buffer a
# row, so a 1 × 40,000,000 line took 350 MB. 20,000 px holds an 8 : 1
# panorama at the pixel limit; 12 : 1 holds a 970 × 90 banner (10.8 : 1)
# and a phone's 360° panorama.
IMAGE_MAX_SIDE_PIXELS = env.int("IMAGE_MAX_SIDE_PIXELS", default=20_000)
IMAGE_MAX_ASPECT_RATIO = env.int("IMAGE_MAX_ASPECT_RATIO", default=12)
# What a PNG text or colour-profile chunk may unpack to, all text chunks
# together, and a colour profile in any format (Pillow's MAX_TEXT_CHUNK
# and MAX_TEXT_MEMORY, whose 64 MiB of text would double a worker's peak).
# Standard profiles (sRGB, Display P3) take a few KB.
IMAGE_MAX_METADATA_BYTES = env.int("IMAGE_MAX_METADATA_BYTES", default=1024**2)

# Roster imports (events/importers.py): largest spreadsheet accepted, the
# most an XLSX may unpack to, and how long a checked upload waits for
# confirmation before it is deleted.
ROSTER_IMPORT_MAX_BYTES = env.int("ROSTER_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
ROSTER_IMPORT_MAX_UNPACKED_BYTES = env.int(
    "ROSTER_IMPORT_MAX_UNPACKED_BYTES", default=4 * ROSTER_IMPORT_MAX_BYTES
)
ROSTER_IMPORT_PENDING_HOURS = env.int("ROSTER_IMPORT_PENDING_HOURS", default=24)

# Roster exports above this many rows are written by the task worker;
# finished ones wait a day in ROSTER_EXPORT_DIR (private, never under
# MEDIA_ROOT, which the site serves).
ROSTER_EXPORT_BACKGROUND_ROWS = env.int("ROSTER_EXPORT_BACKGROUND_ROWS", default=20_000)
ROSTER_EXPORT_DIR = Path(
    env.str("ROSTER_EXPORT_DIR", default=str(BASE_DIR / "var" / "exports"))
)

# Participants who are not public guests are anonymised this many months
# after their event ends, unless the event sets another date.
ROSTER_RETENTION_MONTHS = env.int("ROSTER_RETENTION_MONTHS", default=12)
# Named on the privacy notice (/privacy/): where people send requests about
# their data, and how long the servers' logs are kept (unset: not stated).
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default="")
SERVER_LOG_RETENTION_DAYS = env.int(
    "SERVER_LOG_RETENTION_DAYS", default=LOG_RETENTION_DAYS if LOG_DIR else None
)
