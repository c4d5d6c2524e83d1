"""Settings for the whole project, read from environment variables.

Every variable is listed in README.md. Production runs with DEBUG off, which
requires SECRET_KEY and turns on the secure-cookie, HSTS and HTTPS settings.
"""

import os

# numpy's OpenBLAS starts a thread per core for every small matrix step (the
# demand trend fits): on a 2-core server running gunicorn workers those threads
# fight the other requests for the cores and cost a request several times the
# work itself. Set before pandas or numpy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from datetime import timedelta  # noqa: E402
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config import content_security_policy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Only a development key when DEBUG is on; it says so in its own value.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    # Background jobs (core/background.py): django-tasks, and its database backend.
    "django_tasks",
    "django_tasks_db",
    # Change history of every input a judgement of value rests on (who changed what, when).
    "simple_history",
    "accounts",
    "microsystems",
    "stakeholders",
    "valuation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy, Permissions-Policy, and no-store for signed-in users
    # (after WhiteNoise, so static files are not touched): config/middleware.py.
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "config.middleware.NoStoreWhenSignedInMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page is private unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the signed-in user as the author of each change history row.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Sign-in and sessions (accounts/): after messages, so a signed-out session
    # can say why; axes turns a locked-out sign-in into our page, and goes last.
    "accounts.sessions.SessionTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# No `maxlength` on inputs: a browser would cut pasted text silently (core/form_renderer.py).
FORM_RENDERER = "core.form_renderer.NoSilentCutRenderer"
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
                "microsystems.context_processors.navigation",
            ],
            # `{% url %}` remembering the addresses it reversed (core/url_cache.py).
            "builtins": ["microsystems.templatetags.cached_urls"],
        },
    },
]

# SQLite in the project folder is the embedded default; PostgreSQL in production
# via DATABASE_URL=postgres://user:password@host:5432/name.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite ignores select_for_update, so a transaction takes the write lock as it
    # begins: two saves at once then queue (up to `timeout` seconds) instead of
    # both passing the edit-conflict check, or one failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache that every app server shares (Redis) when REDIS_URL is set, so a
# result computed by one gunicorn worker serves them all; otherwise each
# process keeps its own in memory. The timeouts make a Redis that stops
# answering fail a request in seconds instead of holding its worker.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Recomputations too slow for a request (the demand forecast's fits) run as jobs
# on this queue (django-tasks, the backport of Django 6's tasks framework; see
# core/background.py). TASK_QUEUE=database keeps the jobs in the database, run by
# `manage.py db_worker`; unset, a job runs inline in the request that needs it.
TASK_QUEUE = os.environ.get("TASK_QUEUE", "").strip().lower()
if TASK_QUEUE not in {"", "database"}:
    raise ImproperlyConfigured("TASK_QUEUE must be empty or 'database'.")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.backend.DatabaseBackend"
            if TASK_QUEUE == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in resists guessing (accounts/lockout.py, django-axes): failed sign-ins
# are counted per account from one address and per address, each against its
# own limit within the cool-off; the last failure restarts the cool-off. Admins
# lift a lockout by deleting its access attempt in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out sign-ins; must come first
    # ModelBackend, which tells the sign-in form when an account is deactivated.
    "accounts.backends.SignInBackend",
]
SIGNIN_FAILURE_LIMIT = int(os.environ.get("SIGNIN_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
SIGNIN_FAILURE_LIMITS = [
    SIGNIN_FAILURE_LIMIT,
    int(os.environ.get("SIGNIN_ADDRESS_FAILURE_LIMIT", "20")),
]
AXES_FAILURE_LIMIT = SIGNIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SIGNIN_LOCKOUT_MINUTES", "15")))
AXES_HANDLER = "accounts.lockout.FailureLimitPerGroupHandler"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "accounts.lockout.attempted_username"
AXES_CLIENT_IP_CALLABLE = (
    "accounts.lockout.address_behind_proxy" if env_bool("BEHIND_PROXY", False) else None
)
# Sessions end after this long without a request, and this long after signing
# in however active (accounts/sessions.py); the cookie lasts no longer.
SESSION_IDLE_TIMEOUT = 60 * int(os.environ.get("SESSION_IDLE_MINUTES", "120"))
SESSION_ABSOLUTE_AGE = 3600 * int(os.environ.get("SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_AGE
# Django's database sessions, each read by a query compiled once per process.
SESSION_ENGINE = "accounts.sessions"

# Set-password links (invitations and resets) expire after this many days.
PASSWORD_RESET_TIMEOUT = 86400 * int(os.environ.get("SET_PASSWORD_LINK_DAYS", "3"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "microsystems:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
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
# Tests render templates without running collectstatic first.
WHITENOISE_MANIFEST_STRICT = False

# Uploads (demand CSV/XLSX) are capped in the form; this keeps big files on disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

# E-mail (Django's e-mail framework). The console backend prints messages to the
# log; set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the
# EMAIL_HOST... variables to send them.
# Unset or empty: the console backend, and inviters are shown the set-password link.
EMAIL_BACKEND = (
    os.environ.get("EMAIL_BACKEND", "").strip() or "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# An SMTP server that stops answering fails the request in seconds (an invitation
# that cannot be sent then saves nothing) instead of holding its worker.
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
# Off by default: each step of an assessment (submitted, approved, returned) is
# e-mailed to the people it concerns only when this is on (valuation/services/transitions.py).
NOTIFY_BY_EMAIL = env_bool("NOTIFY_BY_EMAIL", False)
# The address e-mails link to, e.g. https://value.example.org (no trailing slash needed).
SITE_URL = os.environ.get("SITE_URL", "")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Production hardening: on whenever DEBUG is off, so `check --deploy` passes.
# Off only for `make run`, which serves plain HTTP on 127.0.0.1 with DEBUG off.
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = content_security_policy.CONTENT_SECURITY_POLICY
if env_bool("BEHIND_PROXY", False):
    # The load balancer terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}
