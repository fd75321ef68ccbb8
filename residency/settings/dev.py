"""Local development: debug on, a throwaway key, loopback hosts."""

from .base import *  # noqa: F403
from .base import env_list, os

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-used-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


def served_base_url(host, port):
    """The address `make run HOST=… PORT=…` serves on, as a browser opens it (every interface: loopback)."""
    host = {"0.0.0.0": "127.0.0.1", "[::]": "[::1]"}.get(host, host)  # noqa: S104
    return f"http://{host}:{port}"


# Links the commands print (the local admin, editors' password links) open the running site: make passes
# HOST and PORT to them, and WAGTAILADMIN_BASE_URL, when set, wins.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or served_base_url(
    os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000")
)
