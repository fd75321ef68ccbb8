"""Settings shared by every environment. Host-specific values come from the environment."""

import os
import re
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "residency",
    "editorial",
    "pages",
    "staff",
    "search",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.api.v2",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so a cached page carries the same policy as a freshly rendered one.
    "residency.security.ContentSecurityPolicyMiddleware",
    "residency.security.SecurityHeadersMiddleware",
    # /healthz and /readyz, answered before anything that needs the database (residency.health).
    "residency.health.health_middleware",
    # Before the session: a page cache hit needs no session, user or CSRF token.
    "residency.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed two-factor sign-in.
    "django_otp.middleware.OTPMiddleware",
    "editorial.two_factor.require_two_factor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The request's site and its top pages from the cache (pages.site), for Wagtail's routing and the menus.
    "pages.site.site_middleware",
    # Last, as django-axes requires: turns a sign-in refused for too many failures into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "residency.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "residency.wsgi.application"

# SQLite by default so the site runs with Python alone; PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Short, explicit limits, so a database that is down or hung costs a visitor seconds and a 503
# (residency.faults), not a worker held until gunicorn kills it. A connection attempt (a port that
# accepts but never answers included) gives up after DB_CONNECT_TIMEOUT seconds; a statement after
# DB_STATEMENT_TIMEOUT, in PostgreSQL's units (10s, 500ms; 0 for no limit). The web processes default
# to 10s (residency/wsgi.py); commands such as migrate have no statement limit unless it is set for them.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    database_options = DATABASES["default"].setdefault("OPTIONS", {})
    database_options["connect_timeout"] = int(os.environ.get("DB_CONNECT_TIMEOUT", "3"))
    statement_timeout = os.environ.get("DB_STATEMENT_TIMEOUT", "").strip()
    if statement_timeout:
        if not re.fullmatch(r"\d+(ms|s|min)?", statement_timeout):
            raise ImproperlyConfigured("DB_STATEMENT_TIMEOUT must be a number with ms, s or min, e.g. 10s.")
        given = database_options.get("options", "")
        database_options["options"] = f"{given} -c statement_timeout={statement_timeout}".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default; Redis when REDIS_URL is set. An unreachable or slow Redis reads as a miss
# after at most CACHE_TIMEOUT seconds (residency.cache), so pages are served uncached rather than failing.
if os.environ.get("REDIS_URL"):
    CACHE_TIMEOUT = float(os.environ.get("CACHE_TIMEOUT", "0.25"))
    CACHES = {
        "default": {
            "BACKEND": "residency.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "residency"),
            "OPTIONS": {"socket_connect_timeout": CACHE_TIMEOUT, "socket_timeout": CACHE_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 1000}}}

# Health checks (residency.health): /healthz says the process answers, /readyz that it reaches the
# database, the cache and the storage. Probes speak plain HTTP to the instance itself: no HTTPS redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Whole public pages for anonymous visitors, at most this many seconds (0 turns the page cache off;
# README, "Page cache").
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (django-axes, README "Lockout and unlock"). Every failed admin password, two-factor
# code or page password counts against the account (or the private page) and against the client's
# address, each on its own: LOGIN_FAILURE_LIMIT failures on either lock it for LOGIN_COOLOFF_MINUTES
# after the last one (429). Per account stops guessing one editor's password from many addresses; per
# address stops one address trying many accounts. The attempts live in the database, so every instance
# sees the same lockout. The address is the one the API throttle counts (NUM_PROXIES, below).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_CLIENT_IP_CALLABLE = "editorial.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "editorial.lockout.lockout_response"
# Admin sessions end LOGIN_SESSION_HOURS after sign-in (8: a working day), and when the browser closes
# unless the editor ticked "Remember me" (then the cookie lasts as long as the session).
SESSION_COOKIE_AGE = int(float(os.environ.get("LOGIN_SESSION_HOURS", "8")) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Two-factor sign-in (django-otp, README "Two-factor sign-in"): any editor may add an authenticator app;
# with this on, superusers must (production turns it on).
OTP_REQUIRED_FOR_SUPERUSERS = env_bool("OTP_REQUIRED_FOR_SUPERUSERS", default=False)
# The name authenticator apps show beside the code.
OTP_TOTP_ISSUER = "MGH Primary Care Program"
WAGTAILADMIN_USER_LOGIN_FORM = "editorial.two_factor.LoginForm"

LANGUAGE_CODE = "en-us"
# The program runs on Boston time: editors enter deadlines in US Eastern time.
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [PROJECT_DIR / "static"]
# Where collectstatic writes (and WhiteNoise serves from); a deployment may point it elsewhere.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "static")
STATIC_URL = "/static/"

MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or BASE_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads go to S3-compatible storage when a bucket is configured.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
        },
    }

# With Redis, every instance reads the same sessions; the database keeps them when Redis restarts.
if os.environ.get("REDIS_URL"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Complex page editors post many fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Form fields beyond 5 MB are refused (413); uploaded files beyond 2.5 MB are spooled to a temporary file.
# nginx refuses whole bodies beyond 20 MB before they reach the app (deploy/nginx/residency.conf).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Wagtail
WAGTAIL_SITE_NAME = "MGH Primary Care Program"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The admin asks no third party for anything: no avatars from Gravatar, no release check against wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# A page whose slug changes or that moves keeps its old address as a redirect (Wagtail's default, stated here).
WAGTAILREDIRECTS_AUTO_CREATE = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# 40 megapixels (all frames together) is well above any camera photo; beyond it the upload form refuses the file,
# and Pillow refuses to open it anywhere (residency/image_limits.py), so no file can unpack into gigabytes.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# An animated GIF or WebP has at most this many frames (editorial/forms.py).
IMAGE_MAX_FRAMES = 100
# Images need their description (alt text) before they can be used.
WAGTAILIMAGES_IMAGE_FORM_BASE = "editorial.forms.AltTextImageForm"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Directors approve the Apply page without page rights of their own; their approval publishes it.
WAGTAIL_FINISH_WORKFLOW_ACTION = "editorial.workflows.publish_approved"
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "link", "document-link", "ol", "ul"]},
    }
}

# The read-only API at /api/v2/: a per-address rate limit and a shared-cache lifetime (seconds).
# The count is kept in the cache (Redis: shared by every instance). The client's address is REMOTE_ADDR,
# or with NUM_PROXIES proxies in front, the NUM_PROXIES-th X-Forwarded-For entry from the right: the one
# the outermost proxy appended. A visitor can forge the entries to its left, never that one.
REST_FRAMEWORK = {
    "DEFAULT_THROTTLE_RATES": {"api": os.environ.get("API_THROTTLE_RATE", "120/minute")},
    "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", "0")),
}
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "300"))

# Content Security Policy (django-csp). The public pages load only the site's own stylesheet, scripts,
# icons, manifest and images, and run no inline script: the schema.org <script type="application/ld+json">
# is data, which browsers do not execute or check against script-src. Uploads are same-origin (/media/)
# unless they live in an S3 bucket, whose origin is added.
ADMIN_URL_PREFIX = "/admin/"


def media_origins():
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        return []
    if os.environ.get("AWS_S3_CUSTOM_DOMAIN"):
        return [f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}"]
    if os.environ.get("AWS_S3_ENDPOINT_URL"):
        return [os.environ["AWS_S3_ENDPOINT_URL"].rstrip("/")]
    return [f"https://{os.environ['AWS_STORAGE_BUCKET_NAME']}.s3.amazonaws.com"]


SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, *media_origins()],
        "font-src": [SELF],
        "manifest-src": [SELF],
        # The pages fetch nothing themselves; tools that read a page from inside it (Lighthouse
        # reads robots.txt so) need same-origin requests.
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
    }
}
# The admin (Wagtail's) sets styles inline throughout, and starts its date pickers and inline panels
# (key dates, signatories) with inline scripts that carry no nonce, so it needs 'unsafe-inline' for both.
# It frames its own previews (frame-src/frame-ancestors 'self'), draws icons and image previews from
# data: and blob: URLs, and loads nothing from another origin.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", *media_origins()],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": ["'none'"],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "base-uri": ["'none'"],
    }
}
# The site uses none of these browser features.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
)
# Other sites may not embed the site's answers (pages, API, images served by the app).
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Nothing may be framed; Wagtail's preview views answer SAMEORIGIN themselves, so the admin frames its previews.
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}


def require(name):
    """Return an environment value, or refuse to start without it."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The {name} environment variable must be set.")
    return value


# Email (password reset, Wagtail's notifications). EMAIL_URL gives the whole transport in one value:
#   smtp://user:pass@host:587?tls=true   STARTTLS (smtp+tls:// says the same; port 587 by default)
#   smtps://user:pass@host               TLS from the start (smtp+ssl:// too; port 465 by default)
#   smtp://host:25                       plain SMTP, e.g. a relay on the same host
#   console://                           print each mail to the log instead of sending it
# Percent-encode reserved characters in the user or password (@ as %40). Without EMAIL_URL, the EMAIL_HOST,
# EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS and EMAIL_USE_SSL variables say the same.
EMAIL_SCHEMES = {
    "smtp": ("django.core.mail.backends.smtp.EmailBackend", False, False, 25),
    "smtp+tls": ("django.core.mail.backends.smtp.EmailBackend", True, False, 587),
    "smtps": ("django.core.mail.backends.smtp.EmailBackend", False, True, 465),
    "smtp+ssl": ("django.core.mail.backends.smtp.EmailBackend", False, True, 465),
    "console": ("django.core.mail.backends.console.EmailBackend", False, False, None),
}


def email_settings(url):
    """Django's EMAIL_* settings for an EMAIL_URL; ImproperlyConfigured for anything it cannot mean."""
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(url.strip())
    if parts.scheme not in EMAIL_SCHEMES:
        raise ImproperlyConfigured(f"EMAIL_URL must start with one of {', '.join(EMAIL_SCHEMES)}://, not {url!r}.")
    backend, use_tls, use_ssl, default_port = EMAIL_SCHEMES[parts.scheme]
    options = {key.lower(): values[-1].strip().lower() for key, values in parse_qs(parts.query).items()}
    use_tls = options["tls"] in {"1", "true", "yes", "on"} if "tls" in options else use_tls
    use_ssl = options["ssl"] in {"1", "true", "yes", "on"} if "ssl" in options else use_ssl
    if use_tls and use_ssl:
        raise ImproperlyConfigured("EMAIL_URL asks for both STARTTLS (tls) and TLS from the start (ssl): pick one.")
    if backend.endswith("console.EmailBackend"):
        return {"EMAIL_BACKEND": backend}
    if not parts.hostname:
        raise ImproperlyConfigured(f"EMAIL_URL names no mail server: {url!r}.")
    return {
        "EMAIL_BACKEND": backend,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or (587 if use_tls else 465 if use_ssl else default_port),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
    }


if os.environ.get("EMAIL_URL", "").strip():
    globals().update(email_settings(os.environ["EMAIL_URL"]))
elif os.environ.get("EMAIL_HOST", "").strip():
    EMAIL_HOST = os.environ["EMAIL_HOST"].strip()
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or (587 if EMAIL_USE_TLS else 465 if EMAIL_USE_SSL else 25))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")


def email_configured():
    """True when the environment names a mail transport (EMAIL_URL or EMAIL_HOST)."""
    return bool(os.environ.get("EMAIL_URL", "").strip() or os.environ.get("EMAIL_HOST", "").strip())


# A mail server that does not answer must not hold a worker until gunicorn kills it.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "").strip() or "webmaster@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Editors reset a forgotten password by email (Wagtail's default); production refuses to start with it
# on and no mail server configured. WAGTAIL_PASSWORD_RESET_ENABLED=false turns it off.
WAGTAIL_PASSWORD_RESET_ENABLED = env_bool("WAGTAIL_PASSWORD_RESET_ENABLED", default=True)

# The admin's signed-out pages (sign in, password reset) run no inline script: their policy leaves
# 'unsafe-inline' out of script-src (styles keep it, as Wagtail's scripts set them inline).
ADMIN_SIGNED_OUT_PATHS = (f"{ADMIN_URL_PREFIX}login/", f"{ADMIN_URL_PREFIX}password_reset/")
ADMIN_SIGNED_OUT_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {**ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"], "script-src": [SELF]},
}
