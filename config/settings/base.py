"""What every part of the site needs: apps, middleware, URLs, templates, the
database, caches. Read from environment variables (config/env.py).

Development and tests get DATABASE_URL from scripts/postgres.sh (see the Makefile);
production sets it, SECRET_KEY, ALLOWED_HOSTS and DEBUG=0 itself.
"""

import environ
from django.core.exceptions import ImproperlyConfigured

from config.env import BASE_DIR, env

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
    "signin.thirdparty.AuthenticatorAppsConfig",
    "signin.thirdparty.RecoveryCodesConfig",
    "signin.thirdparty.SignInAttemptsConfig",
    "operations.thirdparty.BackgroundTasksConfig",
    "reversion",
    "taggit",
    "hangzhou_mice",
    "signin",
    "operations",
    "articles",
    "events",
    "ambassadors",
    "bureau",
    "enquiries",
    "website",
]

MIDDLEWARE = [
    # Outermost, so that every response leaves with the browser policy
    # headers: the redirects the middleware below make on the way in or out
    # (HTTPS, language, APPEND_SLASH), the 400 of a bad Host (raised inside
    # SecurityMiddleware or CommonMiddleware), 304s, static files and error
    # pages (signin/headers.py). SecurityHeadersMiddleware comes after
    # the CSP middleware, so the admin's policy is in place when that
    # middleware writes the header.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "signin.headers.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "operations.logs.RequestLogMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control, compression, then ETags on the uncompressed body and 304s
    # (operations/httpcache.py).
    "operations.httpcache.CacheControlMiddleware",
    "operations.httpcache.PublicGZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "website.middleware.UnprefixedRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "signin.login.LockedClientMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "signin.twofactor.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429.
    "axes.middleware.AxesMiddleware",
]

# The benchmarks add an anchor page with ROOT_URLCONF=bench.urls.
ROOT_URLCONF = env.str("ROOT_URLCONF", default="website.urls")
WSGI_APPLICATION = "config.wsgi.application"

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
                "bureau.context_processors.bureau",
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
# Behind a connection pooler in transaction mode (PgBouncer), DATABASE_URL
# names the pooler and DATABASE_DIRECT_URL the server itself, for what needs a
# session of its own (hangzhou_mice/direct.py). Unset: DATABASE_URL's.
DATABASE_DIRECT = (
    env.db("DATABASE_DIRECT_URL") if env.str("DATABASE_DIRECT_URL", "") else None
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The site search's engine: an index table in this database by default
# (hangzhou_mice/search/backends.py says what another would implement).
SEARCH_BACKEND = env.str(
    "SEARCH_BACKEND", default="hangzhou_mice.search.backends.PostgresBackend"
)
# Review before publishing (hangzhou_mice/workflow.py): on, a person who
# holds the Writer, Reviewer and Publisher permissions may publish a draft
# without review, as a small team does.
REVIEW_ONE_STEP = env.bool("REVIEW_ONE_STEP", default=False)
# The domain in calendar UIDs (event-12@<domain>): fixed, so a subscriber's
# calendar sees the same event whatever host or port served the file.
CALENDAR_UID_DOMAIN = env.str("CALENDAR_UID_DOMAIN", default="events.hangzhou-mice")

# What the cache holds: whole public pages, each checked against the content
# state in PostgreSQL on every hit (hangzhou_mice/pagecache.py), related-article
# ids and list counts (a minute old at most, publication checked on read), and
# the login lock marks (signin/login/locks.py).
# - Per-process memory by default: one server, nothing else to run.
# - CACHE_URL=redis://127.0.0.1:6379/0 (Django's own Redis backend): every
#   process of every server shares them; ?key_prefix=... keeps two sites on one
#   Redis apart.
# - CACHE_URL=dummycache:// turns every cache off (the bench's cache misses).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# django-environ 0.14 passes Django's own options through lower-case for the
# Redis backend (?key_prefix=, ?timeout=), where Django reads them upper-case.
for _option in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION"):
    if _option.lower() in CACHES["default"]:
        CACHES["default"][_option] = CACHES["default"].pop(_option.lower())
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 5000)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "hangzhou_mice.tagging.parse_tags"

# Used by `manage.py load_demo` only; production never creates demo users.
DEMO_ADMIN_PASSWORD = env.str("DEMO_ADMIN_PASSWORD", default="")
