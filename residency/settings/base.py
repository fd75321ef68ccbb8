"""Settings shared by every environment. Host-specific values come from the environment."""

import os
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
    # Before the session: a page cache hit needs no session, user or CSRF token.
    "residency.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The request's site and its top pages from the cache (pages.site), for Wagtail's routing and the menus.
    "pages.site.site_middleware",
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

# Whole public pages for anonymous visitors, at most this many seconds (0 turns the page cache off;
# README, "Page cache").
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

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
