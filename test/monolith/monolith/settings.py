"""
Settings for the Canopy monolith (Django 3.2 with DRF 3.14, or Django 5.2 with DRF 3.18).

Everything deployment-specific comes from the environment:

    SECRET_KEY               required
    DATABASE_URL             required, postgres://user:pass@host:port/name[?host=/socket/dir]
    DJANGO_DEBUG             "1"/"true"/"yes"/"on" to enable, default off
    ALLOWED_HOSTS            comma separated, default "*"
    DISPATCH_URL             base URL of the dispatch partner, default http://127.0.0.1:9100
    DISPATCH_TIMEOUT         seconds (float), default 5
    PAYMENTS_WEBHOOK_SECRET  HMAC key of the payment provider's webhooks
    LOG_LEVEL                root log level, default INFO
    CANOPY_MONOLITH_CONFIG   "default" (or unset) or "alternate": the second configuration (monolith/alternate.py)
"""
import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import django
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# Canopy's settings export app lives in the repository's django/ folder; a team
# copies django/canopy_export into its project or puts that folder on its path.
sys.path.append(str(BASE_DIR.parent.parent / "django"))


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def required_env(name):
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(
            f"The {name} environment variable is required (see test/monolith/README.md)."
        )
    return value


def parse_database_url(url):
    """postgres://user:pass@host:port/name, the host may also be given as ?host=/socket/dir."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured(f"DATABASE_URL must be a postgres:// URL, got scheme {parts.scheme!r}.")
    query = parse_qs(parts.query)
    host = query["host"][0] if "host" in query else unquote(parts.hostname or "")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
    }


# Checked first: a typo must not start the default configuration unnoticed.
CONFIGURATIONS = ("default", "alternate")
MONOLITH_CONFIG = os.environ.get("CANOPY_MONOLITH_CONFIG") or "default"
if MONOLITH_CONFIG not in CONFIGURATIONS:
    # One line on stderr and exit status 1, from manage.py and gunicorn alike.
    sys.exit(f"CANOPY_MONOLITH_CONFIG is {MONOLITH_CONFIG!r}: use {' or '.join(CONFIGURATIONS)} (or leave it unset).")

SECRET_KEY = required_env("SECRET_KEY")

DEBUG = env_flag("DJANGO_DEBUG")

ALLOWED_HOSTS = [host.strip() for host in os.environ.get("ALLOWED_HOSTS", "*").split(",") if host.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "canopy_export",
    "accounts",
    "sites",
    "orders",
    "payments",
    "audit",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "monolith.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "monolith.wsgi.application"

DATABASES = {"default": parse_database_url(required_env("DATABASE_URL"))}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A monolith that changed hashers over the years: every one of these still logs
# in, and Django re-hashes with the first one on a successful login. Django 5.1
# removed the SHA1 and unsalted hashers while such hashes still sit in the user
# table, so the project keeps Django 3.2's copies (accounts/hashers.py) and
# uses them on every version.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.BCryptPasswordHasher",
    "accounts.hashers.SHA1PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "accounts.hashers.UnsaltedSHA1PasswordHasher",
    "accounts.hashers.UnsaltedMD5PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions: database backend, JSON serializer, default cookie settings.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_SERIALIZER = "django.contrib.sessions.serializers.JSONSerializer"

# TLS ends at Google's load balancer, which says how the client came in.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
if django.VERSION < (4, 0):
    USE_L10N = True  # the default from Django 4.0 on; the setting is gone in 5.0
USE_TZ = True

STATIC_URL = "/static/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": [],
}

# The dispatch partner, called synchronously when an order is created.
DISPATCH_URL = os.environ.get("DISPATCH_URL", "http://127.0.0.1:9100").rstrip("/")
DISPATCH_TIMEOUT = float(os.environ.get("DISPATCH_TIMEOUT", "5"))

# Payment provider webhooks. When PAYMENTS_WEBHOOK_SECRET is unset (in any mode)
# this falls back to a dev-only key; `manage.py check --deploy` warns about that
# (payments.W001), so a production deploy must set it.
PAYMENTS_WEBHOOK_DEV_SECRET = "whsec-dev-only"
PAYMENTS_WEBHOOK_SECRET = os.environ.get("PAYMENTS_WEBHOOK_SECRET") or PAYMENTS_WEBHOOK_DEV_SECRET
PAYMENTS_WEBHOOK_TOLERANCE = 300  # seconds, either way

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
}

if MONOLITH_CONFIG == "alternate":
    from .alternate import *  # noqa: E402,F401,F403 (each name replaces the default's)

    REST_FRAMEWORK = {**REST_FRAMEWORK, **REST_FRAMEWORK_CHANGES}
    PASSWORD_HASHERS = [FIRST_PASSWORD_HASHER] + [h for h in PASSWORD_HASHERS if h != FIRST_PASSWORD_HASHER]
