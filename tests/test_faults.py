"""Health checks and the 503 page, through the test client (real servers: tests/cluster/test_faults.py)."""

import json
import socket
from unittest import mock

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
