"""Behind proxies: the API throttle's client address, and the production settings for the shared stack."""

import json
import os
import subprocess
import sys

from django.conf import settings
from django.core.cache import cache

import pytest
from rest_framework.settings import api_settings

from residency.api import APIThrottle


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def with_proxies(settings, count):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}
    assert count == api_settings.NUM_PROXIES


def test_without_proxies_a_forwarded_for_header_is_ignored(client, site, settings, monkeypatch):
    with_proxies(settings, 0)
    monkeypatch.setattr(APIThrottle, "rate", "3/minute", raising=False)

    answers = [
        client.get("/api/v2/staff/", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}").status_code for number in range(4)
    ]

    assert answers == [200, 200, 200, 429]


def test_behind_two_proxies_the_client_is_the_address_the_outer_proxy_saw(client, site, settings, monkeypatch):
    with_proxies(settings, 2)
    monkeypatch.setattr(APIThrottle, "rate", "3/minute", raising=False)

    # The visitor forges the left-hand entries; nginx appended 198.51.100.1, Varnish nginx's own address.
    forged = [
        client.get("/api/v2/staff/", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}, 198.51.100.1, 127.0.0.1").status_code
        for number in range(4)
    ]
    other_visitor = client.get("/api/v2/staff/", HTTP_X_FORWARDED_FOR="198.51.100.2, 127.0.0.1").status_code

    assert forged == [200, 200, 200, 429]
    # Positive control: another visitor, behind the same proxies, has a count of its own.
    assert other_visitor == 200


PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'session': s.SESSION_ENGINE, 'proxies': s.REST_FRAMEWORK['NUM_PROXIES'], "
    "'frontend': getattr(s, 'WAGTAILFRONTENDCACHE', None), 'apps': s.INSTALLED_APPS, "
    "'upload': s.DATA_UPLOAD_MAX_MEMORY_SIZE}))"
)


def production_settings(**env_changes):
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "FRONTEND_CACHE_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="residency.settings.production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")
    env.setdefault("EMAIL_URL", "console://")
    env.update(env_changes)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRINT_SETTINGS], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_shared_stack_settings_follow_the_environment():
    stack = production_settings(
        REDIS_URL="redis://127.0.0.1:6390/0", FRONTEND_CACHE_URL="http://127.0.0.1:6081", NUM_PROXIES="2"
    )
    alone = production_settings()

    assert stack["session"] == "django.contrib.sessions.backends.cached_db"
    assert stack["proxies"] == 2
    assert stack["frontend"]["varnish"]["LOCATION"] == "http://127.0.0.1:6081"
    assert stack["frontend"]["varnish"]["BACKEND"] == "wagtail.contrib.frontend_cache.backends.HTTPBackend"
    # Wagtail's own purge signal handlers stay out: residency.invalidation decides what to purge.
    assert "wagtail.contrib.frontend_cache" not in stack["apps"]
    assert stack["upload"] == 5 * 1024 * 1024
    # Positive control: without Redis or a front cache, database sessions, the header ignored, no purge.
    assert alone["session"] == "django.contrib.sessions.backends.db"
    assert alone["proxies"] == 0
    assert alone["frontend"] is None
