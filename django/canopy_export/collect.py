"""
What the monolith decides for the routes Canopy migrates, read from the running
settings: Django's and DRF's (defaults included), the password hashers with
their parameters, the user model's table, and the versions. Never SECRET_KEY.
"""
import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hashers
from django.utils.functional import Promise
from django.utils.module_loading import import_string

FORMAT = 1

SESSION_SETTINGS = [
    "SESSION_ENGINE", "SESSION_SERIALIZER", "SESSION_COOKIE_NAME", "SESSION_COOKIE_AGE",
    "SESSION_COOKIE_DOMAIN", "SESSION_COOKIE_PATH", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE", "SESSION_EXPIRE_AT_BROWSER_CLOSE", "SESSION_SAVE_EVERY_REQUEST",
]
CSRF_SETTINGS = [
    "CSRF_COOKIE_NAME", "CSRF_COOKIE_AGE", "CSRF_COOKIE_DOMAIN", "CSRF_COOKIE_PATH", "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE", "CSRF_HEADER_NAME", "CSRF_TRUSTED_ORIGINS",
    "CSRF_USE_SESSIONS", "CSRF_FAILURE_VIEW",
]
REQUEST_SETTINGS = [
    "ALLOWED_HOSTS", "USE_X_FORWARDED_HOST", "DEBUG", "APPEND_SLASH", "USE_TZ", "TIME_ZONE", "SECURE_PROXY_SSL_HEADER",
    "DATA_UPLOAD_MAX_MEMORY_SIZE", "DATA_UPLOAD_MAX_NUMBER_FIELDS", "MIDDLEWARE", "AUTH_USER_MODEL",
]
DJANGO_SETTINGS = SESSION_SETTINGS + CSRF_SETTINGS + REQUEST_SETTINGS
# Only some versions have these (CSRF_COOKIE_MASKED: 4.1 and 4.2); exported where they exist.
VERSION_SETTINGS = ["CSRF_COOKIE_MASKED"]

REST_FRAMEWORK_SETTINGS = [
    "DEFAULT_AUTHENTICATION_CLASSES", "DEFAULT_PERMISSION_CLASSES", "DEFAULT_RENDERER_CLASSES",
    "DEFAULT_PARSER_CLASSES", "DEFAULT_PAGINATION_CLASS", "PAGE_SIZE", "DEFAULT_THROTTLE_CLASSES",
    "DEFAULT_THROTTLE_RATES", "DEFAULT_VERSIONING_CLASS", "EXCEPTION_HANDLER", "NON_FIELD_ERRORS_KEY",
    "DATETIME_FORMAT", "DATETIME_INPUT_FORMATS", "DATE_FORMAT", "DATE_INPUT_FORMATS", "TIME_FORMAT",
    "TIME_INPUT_FORMATS", "COERCE_DECIMAL_TO_STRING", "UNICODE_JSON", "COMPACT_JSON", "STRICT_JSON",
    "URL_FORMAT_OVERRIDE", "UNAUTHENTICATED_USER", "UNAUTHENTICATED_TOKEN",
]

# The parameters a hasher's hashes depend on, by attribute name, where a hasher has them.
HASHER_PARAMETERS = ["iterations", "time_cost", "memory_cost", "parallelism", "rounds", "work_factor", "block_size", "maxmem", "salt_entropy"]


def dotted(value):
    """A class or function as its import path; anything else unchanged (lists and tuples become lists)."""
    if isinstance(value, (list, tuple)):
        return [dotted(v) for v in value]
    if isinstance(value, dict):
        return {k: dotted(v) for k, v in value.items()}
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{value.__module__}.{value.__qualname__}"
    return value


def hasher_description(hasher):
    cls = type(hasher)
    described = {"path": f"{cls.__module__}.{cls.__qualname__}", "algorithm": hasher.algorithm}
    for name in HASHER_PARAMETERS:
        if hasattr(hasher, name):
            described[name] = getattr(hasher, name)
    if hasattr(hasher, "digest"):  # PBKDF2's and bcrypt's pre-hash; None for plain bcrypt
        described["digest"] = hasher.digest().name if hasher.digest else None
    return described


# PageNumberPagination's attributes a subclass may change (refusals.py refuses any other change).
PAGINATION_ATTRIBUTES = ["page_size", "page_query_param", "page_size_query_param", "max_page_size", "last_page_strings", "invalid_page_message"]


def pagination(class_path):
    """The default pagination class's attributes, as its instances see them; None without one."""
    if class_path is None:
        return None
    cls = import_string(class_path)
    return {"path": class_path, **{name: plain(getattr(cls, name, None)) for name in PAGINATION_ATTRIBUTES}}


def plain(value):
    """A class attribute as JSON: tuples become lists, a lazily translated message its text."""
    if isinstance(value, (list, tuple)):
        return list(value)
    return str(value) if isinstance(value, Promise) else value


def rest_framework_settings():
    from rest_framework.settings import DEFAULTS

    configured = getattr(settings, "REST_FRAMEWORK", {}) or {}
    return {name: dotted(configured.get(name, DEFAULTS.get(name))) for name in REST_FRAMEWORK_SETTINGS}


def collect():
    import rest_framework

    user_model = get_user_model()
    drf = rest_framework_settings()
    return {
        "format": FORMAT,
        "django": {"version": django.get_version(), "version_info": list(django.VERSION)},
        "rest_framework": {"version": rest_framework.VERSION},
        "settings": {
            name: dotted(getattr(settings, name))
            for name in DJANGO_SETTINGS + [n for n in VERSION_SETTINGS if hasattr(settings, n)]
        },
        "password_hashers": [hasher_description(h) for h in get_hashers()],
        "user_model": {
            "label": user_model._meta.label,
            "db_table": user_model._meta.db_table,
            "username_field": user_model.USERNAME_FIELD,
        },
        "rest_framework_settings": drf,
        "pagination": pagination(drf["DEFAULT_PAGINATION_CLASS"]),
    }
