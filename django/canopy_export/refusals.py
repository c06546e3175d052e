"""
What Canopy's functions cannot mirror, found in an export: one line per problem,
each naming the setting and saying what to do. Refused at export, so that it is
not discovered in production.
"""
from django.utils.module_loading import import_string

DB_SESSIONS = "django.contrib.sessions.backends.db"
JSON_SESSIONS = "django.contrib.sessions.serializers.JSONSerializer"

# The algorithms the functions verify and re-hash.
MIRRORED_HASHERS = {"pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256", "bcrypt", "scrypt", "sha1", "md5", "unsalted_sha1", "unsalted_md5"}

# The middleware whose effects the functions reproduce on their routes.
MIRRORED_MIDDLEWARE = {
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
}

# REST_FRAMEWORK lists: what the functions implement of each.
MIRRORED_CLASSES = {
    "DEFAULT_AUTHENTICATION_CLASSES": {"rest_framework.authentication.SessionAuthentication", "rest_framework.authentication.TokenAuthentication"},
    "DEFAULT_PERMISSION_CLASSES": {"rest_framework.permissions.AllowAny", "rest_framework.permissions.IsAuthenticated"},
    "DEFAULT_RENDERER_CLASSES": {"rest_framework.renderers.JSONRenderer"},
    "DEFAULT_PARSER_CLASSES": {"rest_framework.parsers.JSONParser", "rest_framework.parsers.FormParser", "rest_framework.parsers.MultiPartParser"},
}
MIRRORED_SINGLE = {
    "DEFAULT_VERSIONING_CLASS": {None},
    "EXCEPTION_HANDLER": {"rest_framework.views.exception_handler"},
}


PAGE_NUMBER_PAGINATION = "rest_framework.pagination.PageNumberPagination"
# What a PageNumberPagination subclass may set: the attributes the export carries (collect.py).
PAGINATION_ATTRIBUTES = {"page_size", "page_query_param", "page_size_query_param", "max_page_size", "last_page_strings", "invalid_page_message"}
CLASS_BOOKKEEPING = {"__module__", "__qualname__", "__doc__", "__dict__", "__weakref__"}


def pagination_problem(class_path):
    """None when the functions mirror the pagination class: none, PageNumberPagination, or a subclass changing only its attributes."""
    if class_path in (None, PAGE_NUMBER_PAGINATION):
        return None
    cls = import_string(class_path)
    base = import_string(PAGE_NUMBER_PAGINATION)
    if issubclass(cls, base):
        changed = {name for klass in cls.__mro__[: cls.__mro__.index(base)] for name in vars(klass)} - CLASS_BOOKKEEPING - PAGINATION_ATTRIBUTES
        if not changed:
            return None
        what = f"changes {', '.join(sorted(changed))} of PageNumberPagination"
    else:
        what = "is not a PageNumberPagination"
    return (
        f"REST_FRAMEWORK DEFAULT_PAGINATION_CLASS is {class_path}, which {what}: the functions mirror PageNumberPagination "
        f"and its attributes {', '.join(sorted(PAGINATION_ATTRIBUTES))}; change it, or keep the paginated routes in Django."
    )


def problems(export):
    found = []
    django_settings = export["settings"]
    engine = django_settings["SESSION_ENGINE"]
    if engine != DB_SESSIONS:
        why = "a function's change to a session would leave Django's cached copy stale" if engine.endswith(".cached_db") else "the functions keep sessions in the django_session table"
        found.append(f"SESSION_ENGINE is {engine}: {why}; use {DB_SESSIONS}.")
    serializer = django_settings["SESSION_SERIALIZER"]
    if serializer != JSON_SESSIONS:
        found.append(f"SESSION_SERIALIZER is {serializer}: the functions read and write sessions as JSON; use {JSON_SESSIONS} (sessions made before the switch log in again).")
    for hasher in export["password_hashers"]:
        if hasher["algorithm"] not in MIRRORED_HASHERS:
            found.append(f"PASSWORD_HASHERS has {hasher['path']} (algorithm {hasher['algorithm']}), which the functions cannot verify: remove it, or keep the login routes in Django.")
    for middleware in django_settings["MIDDLEWARE"]:
        if middleware not in MIRRORED_MIDDLEWARE:
            found.append(f"MIDDLEWARE has {middleware}, which the functions do not reproduce: remove it, or keep the routes it acts on in Django.")
    drf = export["rest_framework_settings"]
    for name, mirrored in MIRRORED_CLASSES.items():
        for cls in drf[name]:
            if cls not in mirrored:
                found.append(f"REST_FRAMEWORK {name} has {cls}, which the functions do not mirror (they mirror {', '.join(sorted(mirrored))}): remove it, or keep the routes that use it in Django.")
    for name, mirrored in MIRRORED_SINGLE.items():
        if drf[name] not in mirrored:
            allowed = " or ".join("none" if m is None else m for m in sorted(mirrored, key=str))
            found.append(f"REST_FRAMEWORK {name} is {drf[name]}, which the functions do not mirror (they mirror {allowed}): change it, or keep the routes that use it in Django.")
    paginated = pagination_problem(drf["DEFAULT_PAGINATION_CLASS"])
    if paginated:
        found.append(paginated)
    if drf["DEFAULT_THROTTLE_CLASSES"]:
        found.append(f"REST_FRAMEWORK DEFAULT_THROTTLE_CLASSES is {', '.join(drf['DEFAULT_THROTTLE_CLASSES'])}: DRF counts requests in Django's cache, which the functions cannot share; remove the default throttles, or keep the throttled routes in Django.")
    return found
