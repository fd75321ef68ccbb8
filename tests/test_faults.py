"""Health checks and the 503 page, through the test client (real servers: tests/cluster/test_faults.py)."""

import json
import os
import socket
import subprocess
import sys
from unittest import mock

from django.conf import settings
from django.db import OperationalError

import pytest

from staff.models import StaffMember

from .conftest import post_edit


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def never_cached(response):
    return "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_liveness_answers_without_touching_the_database(client):
    # No django_db mark: any query (the session, the site lookup) would fail the test.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert never_cached(response)


def test_liveness_answers_whatever_the_host(client):
    # A load balancer's or Varnish's probe names the instance's own address, not a public host name.
    response = client.get("/healthz", headers={"host": "10.0.0.7:8000"}, SERVER_NAME="10.0.0.7")

    assert response.status_code == 200


def test_readiness_reports_database_cache_and_storage(client, site):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }
    assert never_cached(response)


def test_readiness_is_503_when_the_cache_cannot_be_reached(client, site, settings):
    port = closed_port()
    settings.CACHES = {
        "default": {
            "BACKEND": "residency.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/5",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    response = client.get("/readyz")

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "unavailable", "storage": "ok"},
    }
    assert str(port).encode() not in response.content


def test_a_database_failure_answers_503_with_retry_after(client, site, settings, caplog):
    settings.ROOT_URLCONF = "tests.error_urls"
    client.raise_request_exception = False

    response = client.get("/database-down/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert never_cached(response)
    html = response.content.decode()
    assert "Temporarily unavailable" in html
    assert "Connection refused" not in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert "Database unavailable (OperationalError: could not connect to server" in caplog.text


def test_any_other_failure_is_still_the_500_page(client, site, settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong" in response.content.decode()


def test_a_post_that_fails_on_the_database_gives_back_what_was_typed(client, site, settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client.raise_request_exception = False

    response = client.post(
        "/database-down/",
        {
            "csrfmiddlewaretoken": "token-value-never-shown",
            "title": "Ambulatory <b>Chief</b> Resident",
            "bio": "Line one\nLine two & more",
            "password": "hunter2-never-shown",
            "staff-TOTAL_FORMS": "7",
            "empty": "",
        },
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Your change was not saved" in html
    assert "Ambulatory &lt;b&gt;Chief&lt;/b&gt; Resident" in html
    assert "<b>Chief</b>" not in html
    assert "Line one\nLine two &amp; more</textarea>" in html
    for hidden in ("token-value-never-shown", "hunter2-never-shown", "staff-TOTAL_FORMS", 'for="kept-3"'):
        assert hidden not in html
    assert 'for="kept-2"' in html  # positive control: the two typed fields, and only they


@pytest.mark.django_db
def test_an_editor_whose_staff_save_fails_is_told_and_gets_the_text_back(admin, staff):
    member = staff["ricci"]
    before = member.title
    admin.raise_request_exception = False

    with mock.patch.object(StaffMember, "save", side_effect=OperationalError("server closed the connection")):
        response = post_edit(admin, member, "action-publish", title="Director of Continuity <Care>")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Your change was not saved" in html
    assert "Director of Continuity &lt;Care&gt;" in html
    member.refresh_from_db()
    assert member.title == before
    # Positive control: the same form saves once the database answers.
    assert post_edit(admin, member, "action-publish", title="Director of Continuity Care").status_code == 302
    member.refresh_from_db()
    assert member.title == "Director of Continuity Care"


# The database limits, as each kind of process gets them ------------------------------------------

SHOW_OPTIONS = "from django.conf import settings; print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def run_with(env_changes, code):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DB_")}
    env.update(
        DJANGO_SETTINGS_MODULE="residency.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="example.org",
        EMAIL_URL="console://",
        DATABASE_URL=POSTGRES,
        **env_changes,
    )
    command = [sys.executable, "-c", f"import json\n{code}"]
    return subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60)


def test_web_processes_cut_a_statement_short_after_ten_seconds():
    result = run_with({}, f"import residency.wsgi\n{SHOW_OPTIONS}")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"connect_timeout": 3, "options": "-c statement_timeout=10s"}


def test_commands_have_no_statement_limit_unless_one_is_set():
    default = run_with({}, f"import django; django.setup()\n{SHOW_OPTIONS}")
    chosen = run_with(
        {"DB_CONNECT_TIMEOUT": "5", "DB_STATEMENT_TIMEOUT": "2min"}, f"import django; django.setup()\n{SHOW_OPTIONS}"
    )

    assert json.loads(default.stdout) == {"connect_timeout": 3}
    assert json.loads(chosen.stdout) == {"connect_timeout": 5, "options": "-c statement_timeout=2min"}


def test_a_malformed_statement_timeout_is_refused_at_start():
    result = run_with({"DB_STATEMENT_TIMEOUT": "10 seconds"}, "import django; django.setup()")

    assert result.returncode != 0
    assert "DB_STATEMENT_TIMEOUT must be a number with ms, s or min" in result.stderr


def test_postgresql_cancels_a_statement_past_the_limit():
    with socket.socket() as probe:
        probe.settimeout(1)
        if probe.connect_ex(("127.0.0.1", 5432)):
            if os.environ.get("CI"):
                pytest.fail("PostgreSQL on 127.0.0.1:5432 is needed (CI is set).")
            pytest.skip("PostgreSQL on 127.0.0.1:5432 is needed.")
    code = (
        "import django; django.setup()\n"
        "from django.db import OperationalError, connection\n"
        "try:\n"
        "    connection.cursor().execute('SELECT pg_sleep(5)')\n"
        "except OperationalError as error:\n"
        "    print(type(error).__name__, error)\n"
    )

    result = run_with({"DB_STATEMENT_TIMEOUT": "200ms"}, code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OperationalError canceling statement due to statement timeout")
