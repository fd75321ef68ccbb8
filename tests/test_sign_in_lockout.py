"""Sign-in throttling (django-axes): admin passwords and private pages' passwords, per account and per address."""

from datetime import timedelta

from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from tests.conftest import sign_in, signed_in
from tests.page_text import parse

PASSWORD = "a-long-test-password"
LIMIT = 10
PAGE_PASSWORD = "residents-only-2031"
CURRICULUM_TEXT = "Retreats and Primary Care Special Sessions"


def from_address(address):
    return {"REMOTE_ADDR": address}


def fail(client, username, times, **headers):
    return [sign_in(client, username, "not-the-password", **headers).status_code for _ in range(times)]


def text_of(response):
    return " ".join(parse(response.content).get_text(" ").split())


def test_the_limit_is_ten_failures_with_a_fifteen_minute_cool_off(settings):
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME


def test_the_right_password_signs_in_before_any_failure(client, superuser):
    assert signed_in(sign_in(client, "root", PASSWORD))


def test_thirty_wrong_admin_passwords_then_the_right_one_is_refused(client, superuser, site):
    answers = fail(client, "root", 30)
    response = sign_in(client, "root", PASSWORD)

    # The tenth failure is answered with the lockout already; the form answers 200 with its error before it.
    assert answers == [200] * (LIMIT - 1) + [429] * (30 - LIMIT + 1)
    assert response.status_code == 429
    assert "Sign-in locked" in text_of(response)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_the_lockout_page_says_what_happened_when_to_retry_and_how_to_be_unlocked(client, superuser, site):
    fail(client, "root", LIMIT, **from_address("203.0.113.9"))
    response = sign_in(client, "root", PASSWORD, **from_address("203.0.113.9"))
    page = text_of(response)

    assert response.status_code == 429
    assert parse(response.content).find("h1").get_text(strip=True) == "Sign-in locked"
    assert "After 10 wrong passwords or sign-in codes" in page
    assert "Try again in 15 minutes." in page
    assert "Ask a superuser (a site administrator) to unlock your account." in page
    assert "python manage.py axes_reset_username root unlocks the account" in page
    assert "python manage.py axes_reset_ip 203.0.113.9 unlocks this address" in page


def test_a_locked_account_does_not_lock_another_user_elsewhere(client, superuser, program_manager):
    fail(client, "root", LIMIT, **from_address("203.0.113.1"))
    other = Client()

    assert sign_in(Client(), "root", PASSWORD, **from_address("203.0.113.1")).status_code == 429
    assert signed_in(sign_in(other, "pm", PASSWORD, **from_address("203.0.113.2")))
    assert other.get("/admin/").status_code == 200


def test_an_account_is_locked_whatever_address_the_guesses_come_from(client, superuser, site):
    for number in range(LIMIT):
        fail(client, "root", 1, **from_address(f"198.51.100.{number}"))

    assert sign_in(Client(), "root", PASSWORD, **from_address("192.0.2.50")).status_code == 429


def test_an_address_trying_many_accounts_is_locked_for_every_account(client, superuser, program_manager):
    for number in range(LIMIT):
        fail(client, f"guess{number}@example.org", 1, **from_address("203.0.113.7"))

    assert sign_in(Client(), "pm", PASSWORD, **from_address("203.0.113.7")).status_code == 429
    # Positive control: the same account from another address signs in.
    assert signed_in(sign_in(Client(), "pm", PASSWORD, **from_address("203.0.113.8")))


def test_the_operator_command_unlocks_the_account(client, superuser, site):
    fail(client, "root", LIMIT)
    assert sign_in(client, "root", PASSWORD).status_code == 429

    call_command("axes_reset_username", "root", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert signed_in(sign_in(client, "root", PASSWORD))


def test_the_lockout_is_kept_in_the_database_not_in_one_process(client, superuser, site):
    fail(client, "root", LIMIT)
    # Nothing the process holds is kept: its cache, axes' handler and the client's session all start again.
    cache.clear()
    AxesProxyHandler.get_implementation(force=True)
    another_instance = Client()

    assert AccessAttempt.objects.get(username="root").failures_since_start == LIMIT
    assert sign_in(another_instance, "root", PASSWORD).status_code == 429
    # Positive control: the rows are the lock; without them the same sign-in goes through.
    AccessAttempt.objects.all().delete()
    assert signed_in(sign_in(another_instance, "root", PASSWORD))


def test_a_lockout_ends_after_the_cool_off(client, superuser, site, monkeypatch):
    fail(client, "root", LIMIT)
    later = timezone.now() + timedelta(minutes=16)
    monkeypatch.setattr("axes.handlers.proxy.now", lambda: later)

    assert signed_in(sign_in(client, "root", PASSWORD))


def test_behind_proxies_the_address_is_the_one_the_api_throttle_counts(client, superuser, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 2}
    assert api_settings.NUM_PROXIES == 2
    # The visitor forges the left-hand entries; nginx appended 198.51.100.1, Varnish nginx's own address.
    for number in range(LIMIT):
        forged = f"203.0.113.{number}, 198.51.100.1, 127.0.0.1"
        fail(client, f"guess{number}@example.org", 1, HTTP_X_FORWARDED_FOR=forged)

    addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    request = client.get("/admin/login/", HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.1, 127.0.0.1").wsgi_request
    locked = sign_in(Client(), "root", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.1, 127.0.0.1")
    other_visitor = sign_in(Client(), "root", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2, 127.0.0.1")

    assert addresses == {"198.51.100.1"}
    assert BaseThrottle().get_ident(request) == "198.51.100.1"
    assert locked.status_code == 429
    assert signed_in(other_visitor)


def test_a_forged_address_that_is_no_address_counts_as_the_connection(client, superuser, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    answer = fail(client, "root", 1, HTTP_X_FORWARDED_FOR="not-an-address", REMOTE_ADDR="192.0.2.7")

    assert answer == [200]
    assert AccessAttempt.objects.get().ip_address == "192.0.2.7"


# Private pages' passwords


@pytest.fixture
def private_curriculum(curriculum):
    restriction = PageViewRestriction.objects.create(
        page=curriculum, restriction_type=PageViewRestriction.PASSWORD, password=PAGE_PASSWORD
    )
    return curriculum, f"/_util/authenticate_with_password/{restriction.pk}/{curriculum.pk}/"


def try_page_password(client, url, password):
    return client.post(url, {"password": password, "return_url": "/curriculum/"})


def test_the_right_page_password_shows_the_page(client, private_curriculum):
    _, url = private_curriculum
    assert CURRICULUM_TEXT not in text_of(client.get("/curriculum/"))

    response = try_page_password(client, url, PAGE_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/curriculum/"
    assert CURRICULUM_TEXT in text_of(client.get("/curriculum/"))


def test_wrong_page_passwords_then_the_right_one_are_refused(client, private_curriculum):
    _, url = private_curriculum

    answers = [try_page_password(client, url, "a-guess").status_code for _ in range(LIMIT)]
    response = try_page_password(client, url, PAGE_PASSWORD)
    page = text_of(response)

    assert answers == [200] * (LIMIT - 1) + [429]
    assert response.status_code == 429
    assert "Too many wrong passwords" in page
    assert "Try again in 15 minutes." in page
    assert CURRICULUM_TEXT not in page
    assert "axes_reset_username" not in page
    assert CURRICULUM_TEXT not in text_of(client.get("/curriculum/"))


def test_a_locked_page_password_form_has_the_public_policy_and_no_inline_script(client, private_curriculum):
    _, url = private_curriculum
    for _ in range(LIMIT):
        try_page_password(client, url, "a-guess")

    response = try_page_password(client, url, PAGE_PASSWORD)
    policy = response["Content-Security-Policy"]

    assert response.status_code == 429
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert [script for script in parse(response.content).find_all("script") if not script.get("src")] == []


def test_page_password_guesses_count_against_the_address_for_the_admin_too(client, superuser, private_curriculum):
    _, url = private_curriculum
    for _ in range(LIMIT):
        try_page_password(client, url, "a-guess")

    assert sign_in(client, "root", PASSWORD).status_code == 429
    assert signed_in(sign_in(Client(), "root", PASSWORD, **from_address("192.0.2.3")))


# Session lifetime


def test_an_admin_session_lasts_eight_hours_and_ends_with_the_browser(client, superuser, monkeypatch):
    response = sign_in(client, "root", PASSWORD)
    cookie = response.cookies["sessionid"]
    now = timezone.now()

    assert signed_in(response)
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    monkeypatch.setattr("django.utils.timezone.now", lambda: now + timedelta(hours=7, minutes=59))
    assert client.get("/admin/").status_code == 200
    monkeypatch.setattr("django.utils.timezone.now", lambda: now + timedelta(hours=8, minutes=1))
    later = client.get("/admin/")
    assert later.status_code == 302
    assert later["Location"] == "/admin/login/?next=/admin/"


def test_remember_me_keeps_the_cookie_for_the_same_eight_hours(client, superuser, monkeypatch):
    response = client.post("/admin/login/", {"username": "root", "password": PASSWORD, "remember": "on"})
    now = timezone.now()

    assert signed_in(response)
    assert response.cookies["sessionid"]["max-age"] == 8 * 3600
    monkeypatch.setattr("django.utils.timezone.now", lambda: now + timedelta(hours=8, minutes=1))
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"
