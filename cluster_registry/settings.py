"""Settings for Cluster Registry, driven by environment variables.

A local run needs nothing set: SQLite in the project folder, debug on through `make run`.
Production must say what it wants; what it must not forget (a real secret key, its host
names) is refused rather than silently defaulted. See `.env.example`.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cluster_registry import cacheconfig, dbconfig

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for a local run."
        )
    SECRET_KEY = "django-insecure-local-development-only-never-in-production"  # noqa: S105 (debug only)
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is too weak for production: use 50 or more random characters.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cluster_registry.admin_site.RegistryAdminConfig",  # django.contrib.admin with the registry's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_countries",
    "django_filters",
    "import_export",
    "simple_history",
    "cluster_registry.admin_site.AccessLogsConfig",  # django-axes, named for the admin's sidebar
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "cluster_registry",
    "pagecache",
    "members",
    "governance",
    "projects",
    "django_tasks",
    "django_tasks_db",
    "portal",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cluster_registry.guards.RequestGuardMiddleware",  # before anything reads the session or the database
    "members.middleware.MembershipStateMiddleware",  # a new day's membership state, before any view reads it
    "cluster_registry.api.ApiMiddleware",  # CORS and conditional requests of /api/, before the session
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cluster_registry.admin_site.AdminLanguageMiddleware",  # /admin/ in the staff member's language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "cluster_registry.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cluster_registry.context_processors.cluster",
            ],
        },
    },
]

WSGI_APPLICATION = "cluster_registry.wsgi.application"

# A database that stops answering must not hold the workers: every connection gives up opening after
# DJANGO_DB_CONNECT_TIMEOUT seconds, and a statement is cancelled after DJANGO_DB_STATEMENT_TIMEOUT ms
# (on SQLite: the wait for another writer's lock). 20 s lets the request answer 503 before gunicorn's 30 s
# worker timeout kills it; at 100,000 members the slowest page after a change takes about 1 s and every
# statement of an import is a batch that takes well under a second. manage.py commands (migrate, imports,
# the bench) default to no statement limit (manage.py); backup and restore run pg_dump and pg_restore,
# which never see these options. /healthz opens its own probe with DJANGO_HEALTHZ_TIMEOUT seconds.
DB_CONNECT_TIMEOUT = float(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "5"))
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT", "20000"))
HEALTHZ_TIMEOUT = float(os.environ.get("DJANGO_HEALTHZ_TIMEOUT", "3"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock instead of failing at once with "database is locked";
    # IMMEDIATE takes the write lock at BEGIN so a read-then-write transaction cannot deadlock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["OPTIONS"] = dbconfig.with_timeouts(
    DATABASES["default"]["ENGINE"],
    DATABASES["default"].get("OPTIONS", {}),
    connect_timeout=DB_CONNECT_TIMEOUT,
    statement_timeout_ms=DB_STATEMENT_TIMEOUT_MS,
)

# Public pages are cached under the registry's revision (pagecache/revision.py): a write changes the
# revision in the database, so every process sees it. Each process's memory by default; DJANGO_CACHE_URL
# (redis://host:6379/0) shares one Redis between every worker and app server (cluster_registry/cacheconfig.py).
CACHES = cacheconfig.caches(
    url=os.environ.get("DJANGO_CACHE_URL", ""),
    key_prefix=os.environ.get("DJANGO_CACHE_KEY_PREFIX", "cluster-registry"),
    max_entries=int(os.environ.get("DJANGO_CACHE_MAX_ENTRIES", "1000")),
    download_max_entries=int(os.environ.get("DJANGO_DOWNLOAD_CACHE_MAX_ENTRIES", "16")),
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # the Django 6.0 behaviour, now

# django-axes checks for a lockout before any other backend may accept the password. Tests sign in with
# force_login: the standalone backend needs a request that Client.login() does not give it.
# RegistryModelBackend is Django's ModelBackend, except that only superusers may ever delete.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "cluster_registry.roles.RegistryModelBackend",
]

# Staff sign in through the admin; after it, or when `next` points off the site, they land on its start page.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

# The cluster this registry serves; a registry for another cluster changes these.
CLUSTER_NAME = {
    "ru": "Санкт-Петербургский Кластер Чистых технологий для городской среды",
    "en": "St. Petersburg Cleantech Cluster for Urban Environment",
}
CLUSTER_SHORT_NAME = os.environ.get("CLUSTER_SHORT_NAME", "spb-cleantech-cluster")

# The largest spreadsheet staff may upload for an import, in bytes (5 MB by default).
REGISTRY_IMPORT_MAX_BYTES = int(os.environ.get("REGISTRY_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
# A member's logo as uploaded in the admin (it is stored only as small resized renditions).
MEMBER_LOGO_MAX_BYTES = int(os.environ.get("MEMBER_LOGO_MAX_BYTES", str(1024 * 1024)))
# The most rows (below the header) an import reads: a workbook declaring more is refused before it is
# parsed, any file at the first row past it. Preview and confirmation each run in one request: on the
# benchmark's machine 10,000 rows of every column take about 10 s to preview and 13 s to write
# (docs/benchmarks.md), well within gunicorn's 30 s worker timeout.
REGISTRY_IMPORT_MAX_ROWS = int(os.environ.get("REGISTRY_IMPORT_MAX_ROWS", "10000"))
# Heavy jobs at once across every process (pagecache.bounded): imports being previewed or written, and
# exports being built (the public downloads and the staff export). A job past its bound is refused at
# once with "try again in a minute" (503 and Retry-After for a public download), so that the remaining
# workers keep serving pages: keep the sum below gunicorn's number of workers.
REGISTRY_IMPORT_SLOTS = int(os.environ.get("REGISTRY_IMPORT_SLOTS", "1"))
REGISTRY_EXPORT_SLOTS = int(os.environ.get("REGISTRY_EXPORT_SLOTS", "1"))
# A public download up to this size is kept in the "downloads" cache under the registry's revision; a
# larger one is built for each request and streamed.
REGISTRY_DOWNLOAD_CACHE_MAX_BYTES = int(os.environ.get("REGISTRY_DOWNLOAD_CACHE_MAX_BYTES", str(5 * 1024 * 1024)))

# Production hardening; all on unless DEBUG. TLS is usually ended by a reverse proxy.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
    # How many trusted proxies append the client's address to X-Forwarded-For (nginx alone: 1).
    REGISTRY_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "1"))
else:
    REGISTRY_PROXY_COUNT = 0
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
# Asking browsers to preload HSTS binds every subdomain of the host for months and is hard to undo:
# the domain's owner decides it with DJANGO_HSTS_PRELOAD=1; until then the check's reminder is silenced.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8

# Login throttling (django-axes): a user name from one address is locked out after
# AXES_FAILURE_LIMIT failures, even with the right password, until the cool-off has passed;
# a success resets the count. Other addresses and other user names are not affected.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no start-up banner on every manage.py command
# The address comes from REGISTRY_PROXY_COUNT trusted proxies' X-Forwarded-For (or the peer without a proxy);
# our callable replaces django-ipware, whose AXES_IPWARE_* settings are therefore not needed.
AXES_CLIENT_IP_CALLABLE = "cluster_registry.security.client_ip"

# Content-Security-Policy (django-csp), in development too so that an inline script shows up early.
# Nothing inline runs and nothing loads from another host, the admin included: Django's admin keeps its
# data in data- attributes; the member export has its own template without import-export's inline
# handler; templates/simple_history/object_history_list.html drops simple-history's one style="".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}

# The public API (/api/v1/): read-only, public data only, the same for everyone (no authentication, so staff
# see no more than the public). Anonymous clients are throttled per address (the cache counts, per process),
# the address taken as for the login lockout: REGISTRY_PROXY_COUNT places from the right of X-Forwarded-For.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("DJANGO_API_ANON_RATE", "120/minute")},
    "NUM_PROXIES": REGISTRY_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cluster Registry API",
    "DESCRIPTION": "The public data of the cluster's membership registry: read-only, open to anyone.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
}

# The licence of the open data (the API and the downloads), named on /open-data/.
OPEN_DATA_LICENCE = {
    "name": os.environ.get("OPEN_DATA_LICENCE_NAME", "CC BY 4.0"),
    "url": os.environ.get("OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"),
}

# Mail (portal/mail.py). Development writes every message to the console (and staff see the last ones in
# the admin, Outgoing messages); production sends through the SMTP server named here.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "registry@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address links in messages start with (no request is at hand when the worker writes them).
PORTAL_SITE_URL = os.environ.get("PORTAL_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not PORTAL_SITE_URL:
    raise ImproperlyConfigured("PORTAL_SITE_URL is not set: the site's address, for the links in messages.")

# Background tasks (django-tasks with its database backend, django-tasks-db): `make run` starts a worker
# beside the web server, production runs `manage.py mail_worker` as its own process (README, "Production").
TASKS = {"default": {"BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# The wait before a failed message is tried again, in seconds; each further attempt waits four times longer
# (1, 4, 16, 64 minutes), and the fifth failure gives up.
PORTAL_MAIL_RETRY_SECONDS = int(os.environ.get("PORTAL_MAIL_RETRY_SECONDS", "60"))
# Sign-in links asked for on /account/, and applications on /join/: per address and per client, per hour.
PORTAL_LINKS_PER_ADDRESS = int(os.environ.get("PORTAL_LINKS_PER_ADDRESS", "3"))
PORTAL_REQUESTS_PER_CLIENT = int(os.environ.get("PORTAL_REQUESTS_PER_CLIENT", "20"))
# The consent to the processing of a contact's personal data: the version of the text /join/ shows
# (templates/portal/consent_<version>.html); a new text is a new file and a new version.
PORTAL_CONSENT_VERSION = "2026-12-01"
