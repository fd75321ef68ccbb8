"""Test settings: fast hashing, local-memory cache, no HTTPS redirects."""

from .dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = BASE_DIR / "tests" / "artifacts" / "media"  # noqa: F405
STORAGES = {  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Links in emails and command output are the same whatever HOST, PORT or WAGTAILADMIN_BASE_URL the shell has.
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
# Two-factor is required only where a test turns it on, whatever the shell's environment says.
OTP_REQUIRED_FOR_SUPERUSERS = False
