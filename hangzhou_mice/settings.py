"""Settings for every environment, read from environment variables.

Development and tests get DATABASE_URL from scripts/postgres.sh (see the Makefile);
production sets it, SECRET_KEY, ALLOWED_HOSTS and DEBUG=0 itself.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
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
    "reversion",
    "taggit",
    "hangzhou_mice",
    "articles",
    "events",
    "ambassadors",
    "website",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "website.middleware.UnprefixedRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Used by `manage.py load_demo` only; production never creates demo users.
DEMO_ADMIN_PASSWORD = env.str("DEMO_ADMIN_PASSWORD", default="")

# The image pipeline (hangzhou_mice/images.py).
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# Decoded size of an upload, all bands counted (RGBA: 4 bytes a pixel).
IMAGE_MAX_DECODED_BYTES = env.int("IMAGE_MAX_DECODED_BYTES", default=128 * 1024**2)

# Roster imports (events/importers.py): largest spreadsheet accepted, the
# most an XLSX may unpack to, and how long a checked upload waits for
# confirmation before it is deleted.
ROSTER_IMPORT_MAX_BYTES = env.int("ROSTER_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
ROSTER_IMPORT_MAX_UNPACKED_BYTES = env.int(
    "ROSTER_IMPORT_MAX_UNPACKED_BYTES", default=4 * ROSTER_IMPORT_MAX_BYTES
)
ROSTER_IMPORT_PENDING_HOURS = env.int("ROSTER_IMPORT_PENDING_HOURS", default=24)

# Participants who are not public guests are anonymised this many months
# after their event ends, unless the event sets another date.
ROSTER_RETENTION_MONTHS = env.int("ROSTER_RETENTION_MONTHS", default=12)
