"""Settings refuse to run insecurely; the local admin is made once, with a random password; links open the site."""

import json
import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command

import pytest

CHECK = [sys.executable, "-c", "import django; django.setup(); print('started')"]


UNSET = {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "EMAIL_HOST", "WAGTAIL_PASSWORD_RESET_ENABLED", "DEFAULT_FROM_EMAIL"}


def run_with(env_changes, command=CHECK):
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    # Mail printed to the log unless a test says otherwise: production needs a mail transport.
    env.update({"DJANGO_SETTINGS_MODULE": "residency.settings.production", "EMAIL_URL": "console://", **env_changes})
    return subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_with({"ALLOWED_HOSTS": "example.org"})

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = run_with({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org", "DEBUG": "true"})

    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_with({"SECRET_KEY": "x" * 50})

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_when_configured():
    result = run_with({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"})

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.django_db
def test_local_admin_is_created_once_with_a_random_password(tmp_path, django_user_model, capsys):
    credentials = tmp_path / "credentials"

    call_command("ensure_local_admin", file=str(credentials))
    first = credentials.read_text()
    password = first.split("Password: ")[1].strip()
    call_command("ensure_local_admin", file=str(credentials))

    assert django_user_model.objects.filter(is_superuser=True).count() == 1
    assert django_user_model.objects.get(username="admin").check_password(password)
    assert len(password) >= 16
    assert credentials.read_text() == first
    assert oct(credentials.stat().st_mode & 0o777) == "0o600"
    assert password in capsys.readouterr().out


@pytest.mark.django_db
def test_each_install_gets_a_different_admin_password(tmp_path, django_user_model):
    passwords = []
    for attempt in range(2):
        django_user_model.objects.filter(is_superuser=True).delete()
        credentials = tmp_path / f"credentials-{attempt}"
        call_command("ensure_local_admin", file=str(credentials), stdout=open(os.devnull, "w"))  # noqa: SIM115
        passwords.append(credentials.read_text().split("Password: ")[1].strip())

    assert passwords[0] != passwords[1]


@pytest.mark.django_db
def test_local_admin_link_follows_the_served_address(tmp_path, django_user_model, settings, capsys):
    credentials = tmp_path / "credentials"
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8100"
    call_command("ensure_local_admin", file=str(credentials))
    password = credentials.read_text().split("Password: ")[1].strip()
    assert "Admin: http://127.0.0.1:8100/admin/" in capsys.readouterr().out

    settings.WAGTAILADMIN_BASE_URL = "http://localhost:8200"
    call_command("ensure_local_admin", file=str(credentials))

    assert credentials.read_text() == f"Admin: http://localhost:8200/admin/\nUsername: admin\nPassword: {password}\n"
    assert "Admin: http://localhost:8200/admin/" in capsys.readouterr().out
    assert oct(credentials.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    ("env", "base_url"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8100"}, "http://127.0.0.1:8100"),
        ({"HOST": "0.0.0.0", "PORT": "8100"}, "http://127.0.0.1:8100"),  # noqa: S104 (every interface: loopback)
        (
            {"HOST": "localhost", "PORT": "8100", "WAGTAILADMIN_BASE_URL": "https://cms.example.org"},
            "https://cms.example.org",
        ),
    ],
)
def test_development_links_use_the_address_make_run_serves(env, base_url):
    script = "import django; django.setup(); from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    clean = {key: value for key, value in os.environ.items() if key not in {"HOST", "PORT", "WAGTAILADMIN_BASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "residency.settings.dev", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == base_url


def test_production_worker_processes_share_one_cache_without_redis(tmp_path):
    env = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org", "CACHE_DIR": str(tmp_path), "REDIS_URL": ""}
    code = "import django; django.setup(); from django.core.cache import cache; {}"

    def in_a_process(statement):
        return run_with(env, [sys.executable, "-c", code.format(statement)])

    written = in_a_process("cache.set('published', 'the new deadline', None)")
    assert written.returncode == 0, written.stderr
    read = in_a_process("print(cache.get('published'))")
    assert read.stdout.strip() == "the new deadline", read.stderr
    deleted = in_a_process("cache.delete('published')")
    assert deleted.returncode == 0, deleted.stderr
    assert in_a_process("print(cache.get('published'))").stdout.strip() == "None"


@pytest.mark.parametrize("hosts", [" , ", ",", "*", "example.org, *"])
def test_production_refuses_blank_or_wildcard_allowed_hosts(hosts):
    result = run_with({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": hosts})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_allowed_hosts_are_trimmed():
    script = "import django; django.setup(); from django.conf import settings; print(settings.ALLOWED_HOSTS)"
    command = [*CHECK[:2], script]

    result = run_with({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": " example.org , www.example.org "}, command)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['example.org', 'www.example.org']"


PRINT_EMAIL = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({name: getattr(s, name) for name in ('EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', "
    "'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'DEFAULT_FROM_EMAIL', "
    "'WAGTAIL_PASSWORD_RESET_ENABLED')}))"
)
CONFIGURED = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "primarycare.example.org"}


def production_email(env_changes):
    result = run_with({**CONFIGURED, **env_changes}, [*CHECK[:2], PRINT_EMAIL])
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_refuses_to_start_with_password_reset_and_no_mail_server():
    result = run_with({**CONFIGURED, "EMAIL_URL": ""})

    assert result.returncode != 0
    assert "ImproperlyConfigured: Password reset is on but no mail server is configured" in result.stderr
    assert "WAGTAIL_PASSWORD_RESET_ENABLED=false" in result.stderr


def test_production_starts_without_a_mail_server_when_password_reset_is_off():
    settings_seen = production_email({"EMAIL_URL": "", "WAGTAIL_PASSWORD_RESET_ENABLED": "false"})

    assert settings_seen["WAGTAIL_PASSWORD_RESET_ENABLED"] is False


def test_production_sends_mail_through_the_smtp_server_email_url_names():
    settings_seen = production_email({"EMAIL_URL": "smtp://residency:p%40ss%3Aword@mail.example.org:587?tls=true"})

    assert settings_seen == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "residency",
        "EMAIL_HOST_PASSWORD": "p@ss:word",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "DEFAULT_FROM_EMAIL": "noreply@primarycare.example.org",
        "WAGTAIL_PASSWORD_RESET_ENABLED": True,
    }


@pytest.mark.parametrize(
    ("url", "port", "tls", "ssl"),
    [("smtps://mail.example.org", 465, False, True), ("smtp+tls://mail.example.org", 587, True, False)],
)
def test_email_url_schemes_choose_the_encryption_and_its_port(url, port, tls, ssl):
    settings_seen = production_email({"EMAIL_URL": url, "DEFAULT_FROM_EMAIL": "primarycare@example.org"})

    assert (settings_seen["EMAIL_PORT"], settings_seen["EMAIL_USE_TLS"], settings_seen["EMAIL_USE_SSL"]) == (
        port,
        tls,
        ssl,
    )
    assert settings_seen["DEFAULT_FROM_EMAIL"] == "primarycare@example.org"


def test_email_settings_may_come_one_variable_each():
    settings_seen = production_email(
        {
            "EMAIL_URL": "",
            "EMAIL_HOST": "relay.example.org",
            "EMAIL_PORT": "2525",
            "EMAIL_HOST_USER": "site",
            "EMAIL_HOST_PASSWORD": "secret",
            "EMAIL_USE_TLS": "true",
        }
    )

    assert settings_seen["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert [settings_seen[name] for name in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_USE_TLS")] == [
        "relay.example.org",
        2525,
        "site",
        True,
    ]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("smtpx://mail.example.org", "EMAIL_URL must start with one of smtp, smtp+tls, smtps, smtp+ssl, console://"),
        ("smtp://", "EMAIL_URL names no mail server"),
        ("smtps://mail.example.org?tls=true", "both STARTTLS (tls) and TLS from the start (ssl)"),
    ],
)
def test_production_refuses_an_email_url_it_cannot_read(url, message):
    result = run_with({**CONFIGURED, "EMAIL_URL": url})

    assert result.returncode != 0
    assert message in result.stderr
