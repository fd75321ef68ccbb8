"""Production: hardened, and refuses to start when misconfigured."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import email_configured, env_bool, os, require

SECRET_KEY = require("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in require("ALLOWED_HOSTS").split(",") if host.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS names no host: give the site's host names, separated by commas.")
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS may not be '*' in production: give the site's host names.")
if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("DEBUG must be off in production.")

# Static files served by the app with far-future cache headers; nginx may serve them directly too.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# nginx terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
# Cookies travel over HTTPS only; SECURE_COOKIES=false for a plain-HTTP stack on loopback (make cluster).
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Superusers sign in with a code from an authenticator app as well (README "Two-factor sign-in").
OTP_REQUIRED_FOR_SUPERUSERS = env_bool("OTP_REQUIRED_FOR_SUPERUSERS", default=True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# Every worker process must share one cache: a publish invalidates cached pages and the cached site
# pages for all of them, not only for the process that handled it. Redis when REDIS_URL is set (see
# base.py); otherwise files in CACHE_DIR, shared by the processes of one host.
if not os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR") or str(BASE_DIR / ".cache"),  # noqa: F405
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Uploaded files (MEDIA_ROOT at MEDIA_URL) are not served by the app here: nginx serves them
# (deploy/nginx/residency.conf), or they live in the S3 bucket (AWS_STORAGE_BUCKET_NAME).

# The front cache (Varnish) in front of the instances: changes are purged from it by URL.
# residency.invalidation decides which URLs each change shows on and calls Wagtail's purge.
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    }

# Password-reset mail needs a mail server: without one, the reset form would say a mail was sent and the
# mail would fail into the log. Configure EMAIL_URL (or EMAIL_HOST and friends, see base.py), or turn
# reset off with WAGTAIL_PASSWORD_RESET_ENABLED=false. Mail comes from DEFAULT_FROM_EMAIL, else
# noreply@ the first of ALLOWED_HOSTS.
if WAGTAIL_PASSWORD_RESET_ENABLED and not email_configured():  # noqa: F405
    raise ImproperlyConfigured(
        "Password reset is on but no mail server is configured: set EMAIL_URL "
        "(e.g. smtp://user:password@mail.example.org:587?tls=true) or EMAIL_HOST, "
        "or set WAGTAIL_PASSWORD_RESET_ENABLED=false to turn password reset off."
    )
if not os.environ.get("DEFAULT_FROM_EMAIL", "").strip():
    DEFAULT_FROM_EMAIL = f"noreply@{ALLOWED_HOSTS[0].lstrip('.')}"
    SERVER_EMAIL = DEFAULT_FROM_EMAIL
