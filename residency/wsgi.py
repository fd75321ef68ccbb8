"""WSGI entry point, used by gunicorn in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "residency.settings.production")
# A web request's statements are cut short after this (settings/base.py); commands run without the limit.
os.environ.setdefault("DB_STATEMENT_TIMEOUT", "10s")

application = get_wsgi_application()
