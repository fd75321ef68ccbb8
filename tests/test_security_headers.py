"""Every answer says what it may load and do: the public policy, the admin's policy, and the same on error pages."""

import os
import subprocess
import sys

from django.conf import settings

import pytest

pytestmark = pytest.mark.django_db

PUBLIC_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "manifest-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
ADMIN_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; "
    "object-src 'none'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), xr-spatial-tracking=()"
)


def directives(policy):
    """A policy as {directive: [sources]}: the order of the directives carries no meaning."""
    parsed = {}
    for directive in policy.split(";"):
        name, *sources = directive.split()
        assert name not in parsed, f"{name} appears twice"
        parsed[name] = sources
    return parsed


def assert_policy(response, expected):
    assert directives(response["Content-Security-Policy"]) == directives(expected)


def assert_common_headers(response):
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/apply/", "/search/?q=primary", "/key-dates.ics", "/api/v2/pages/"])
def test_public_answers_carry_the_public_policy(client, site, path):
    response = client.get(path)

    assert response.status_code == 200
    assert_policy(response, PUBLIC_POLICY)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert_common_headers(response)


def test_a_page_from_the_page_cache_carries_the_same_headers(client, site):
    first = client.get("/apply/")
    second = client.get("/apply/")

    assert second["X-Cache"] == "hit", "positive control: the second answer comes from the page cache"
    for header in ("Content-Security-Policy", "Permissions-Policy", "Cross-Origin-Resource-Policy", "X-Frame-Options"):
        assert second[header] == first[header]


def test_not_found_page_carries_the_public_policy(client, site):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert_policy(response, PUBLIC_POLICY)
    assert_common_headers(response)


def test_server_error_page_carries_the_public_policy(client, site, settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    assert b"<html" in response.content
    assert_policy(response, PUBLIC_POLICY)
    assert_common_headers(response)


def test_admin_answers_carry_the_admin_policy(admin):
    response = admin.get("/admin/")

    assert response.status_code == 200
    assert_policy(response, ADMIN_POLICY)
    assert response["X-Frame-Options"] == "DENY"
    assert_common_headers(response)


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/password_reset/"])
def test_signed_out_admin_pages_carry_the_admin_policy_without_inline_scripts(client, site, path):
    response = client.get(path)

    assert response.status_code == 200
    assert_policy(response, ADMIN_POLICY.replace("script-src 'self' 'unsafe-inline'", "script-src 'self'"))


def test_signed_in_admin_keeps_inline_scripts(admin):
    # Positive control: the same admin pages signed in (the dashboard, the editor) keep the admin's policy.
    assert_policy(admin.get("/admin/pages/"), ADMIN_POLICY)


def test_page_preview_may_be_framed_by_the_admin_only(admin, apply_page):
    url = f"/admin/pages/{apply_page.pk}/edit/preview/"
    data = admin.get(f"/admin/pages/{apply_page.pk}/edit/")
    assert data.status_code == 200

    response = admin.get(url)

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert_policy(response, ADMIN_POLICY)
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_production_passes_the_deployment_checks():
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is not a deployment's.
    unset = {"DEBUG", "REDIS_URL", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(
        DJANGO_SETTINGS_MODULE="residency.settings.production",
        SECRET_KEY="k" * 20 + "-production-check-key-of-fifty-or-more-characters",
        ALLOWED_HOSTS="primarycare.example.org",
        EMAIL_URL="smtp://127.0.0.1:1025",
    )
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]

    result = subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout
