"""
CANOPY_MONOLITH_CONFIG=alternate: a second configuration of the same
monolith that differs from the default in every exported setting a migrated
route depends on, so that a function which hard-codes the default's value
answers differently from Django on it (the parity suites run on both).

Each setting named here replaces the default's (monolith/settings.py imports
this module last); REST_FRAMEWORK_CHANGES is merged into REST_FRAMEWORK and
FIRST_PASSWORD_HASHER moved to the front of PASSWORD_HASHERS.
"""
import django

# Renamed, HTTPS-only, Strict session cookie that lives 3 days, ends with the
# browser and is re-sent on every request.
SESSION_COOKIE_NAME = "canopy_session"
SESSION_COOKIE_AGE = 3 * 24 * 60 * 60
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Strict"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True

# The CSRF secret lives in the session, not in a cookie, and travels in a
# header of another name. With CSRF_USE_SESSIONS Django sets no CSRF cookie,
# so the renamed cookie below is exported but inert (Django's own rule).
CSRF_USE_SESSIONS = True
CSRF_HEADER_NAME = "HTTP_X_CANOPY_CSRF"
CSRF_COOKIE_NAME = "canopy_csrf"
CSRF_COOKIE_AGE = 7 * 24 * 60 * 60
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_SAMESITE = "Strict"
# A storefront on another origin may post (HTTPS Referer/Origin checks).
# Django 4.0 made the entries origins with a scheme; 3.2 takes hosts.
CSRF_TRUSTED_ORIGINS = (
    ["https://shop.example", "https://*.canopy.test"] if django.VERSION >= (4, 0) else ["shop.example", ".canopy.test"]
)

# A production host list instead of '*': the names the suites' clients and the
# load balancer send (the loopback addresses and localhost, the *.canopy.test
# subdomains, the storefront's and the API's names, *.example.com); any other
# Host is Django's 400 (DisallowedHost).
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", ".canopy.test", "shop.example", "api.example", ".example.com"]
# A proxy in front names the host in X-Forwarded-Host, which get_host() then
# reads instead of Host (for ALLOWED_HOSTS, the CSRF checks and absolute links).
USE_X_FORWARDED_HOST = True

# Argon2 first (the other hashers keep the default's order): a login re-hashes
# every other hash, PBKDF2 included, to argon2.
FIRST_PASSWORD_HASHER = "django.contrib.auth.hashers.Argon2PasswordHasher"

# Datetimes are rendered in a half-hour offset with daylight saving time
# (+10:30 in the seed's January, +09:30 in July).
TIME_ZONE = "Australia/Adelaide"

# No redirect to the slashed URL: a slashless path is Django's 404.
APPEND_SLASH = False

# Smaller request limits than Django's 2.5 MiB and 1000 fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

REST_FRAMEWORK_CHANGES = {
    # 15 a page, or ?page_size= up to 50 (a PageNumberPagination with other attributes).
    "DEFAULT_PAGINATION_CLASS": "monolith.pagination.ClientSizedPageNumberPagination",
    "PAGE_SIZE": 15,
    "NON_FIELD_ERRORS_KEY": "errors",
}
