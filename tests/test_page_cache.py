"""The page cache: what is kept, for whom, with which headers, and what is never kept."""

import socket
from datetime import timedelta
from unittest import mock

from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client
from django.utils import timezone

import pytest

from tests.conftest import SEEDED_PATHS


def get(path, client=None, **headers):
    return (client or Client()).get(path, headers=headers)


@pytest.mark.parametrize("path", SEEDED_PATHS)
def test_second_anonymous_visit_is_a_hit_with_the_same_page(site, path):
    first = get(path)
    second = get(path)
    assert first.status_code == second.status_code == 200
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_hit_runs_no_query_and_no_session_middleware(site, django_assert_num_queries):
    with mock.patch.object(SessionMiddleware, "process_request", autospec=True) as session:
        session.side_effect = lambda self, request: setattr(request, "session", self.SessionStore())
        assert get("/curriculum/")["X-Cache"] == "miss"
        assert session.call_count == 1  # positive control: a miss goes through the session middleware
        with django_assert_num_queries(0):
            assert get("/curriculum/")["X-Cache"] == "hit"
        assert session.call_count == 1


def test_cacheable_page_tells_browsers_to_revalidate(site):
    assert get("/")["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_front_cache_may_keep_the_page_when_one_is_configured(site, settings):
    settings.WAGTAILFRONTENDCACHE = {"front": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend"}}
    settings.PAGE_CACHE_SECONDS = 120
    assert get("/curriculum/")["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=120"


@pytest.mark.parametrize("warm", [True, False], ids=["hit", "miss"])
def test_matching_etag_gets_304_without_a_body(site, warm):
    etag = get("/apply/")["ETag"]
    if not warm:
        Client().get("/")  # unrelated traffic
        from django.core.cache import cache

        cache.clear()
    response = get("/apply/", **{"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["X-Cache"] == ("hit" if warm else "miss")


def test_other_etag_gets_the_page(site):
    get("/apply/")
    response = get("/apply/", **{"If-None-Match": '"something-else"'})
    assert response.status_code == 200
    assert b"<h1" in response.content


def test_head_is_served_from_the_cache_without_a_body(site):
    full = get("/")
    response = Client().head("/")
    assert response.status_code == 200
    assert response["X-Cache"] == "hit"
    assert response.content == b""
    assert response["ETag"] == full["ETag"]


def test_logged_in_editor_is_never_served_or_cached(admin, site):
    anonymous = Client()
    assert get("/", anonymous)["X-Cache"] == "miss"
    response = admin.get("/")
    assert response["X-Cache"] == "pass"
    assert b"wagtail-userbar" in response.content or b"userbar" in response.content
    # The editor's page was not stored for anyone: the anonymous copy is still the anonymous one.
    assert b"userbar" not in get("/", anonymous).content


def test_editor_visit_leaves_nothing_for_visitors(admin, site):
    assert admin.get("/health-equity/")["X-Cache"] == "pass"
    assert get("/health-equity/")["X-Cache"] == "miss"


def test_preview_shows_the_draft_not_the_cached_page(site, curriculum):
    assert get("/curriculum/")["X-Cache"] == "miss"
    curriculum.listing_summary = "A draft nobody has published."
    draft = curriculum.save_revision().as_object()

    preview = draft.make_preview_request()
    assert "A draft nobody has published." in preview.content.decode()
    assert preview["X-Cache"] == "pass"
    visitor = get("/curriculum/")
    assert visitor["X-Cache"] == "hit"
    assert "A draft nobody has published." not in visitor.content.decode()


def test_post_is_never_cached(site):
    get("/")
    response = Client().post("/")
    assert response["X-Cache"] == "pass"


@pytest.mark.parametrize("query", ["?q=residency", "?page=2", "?utm_source=x&other=1"])
def test_unknown_query_string_bypasses_the_cache(site, query):
    get("/")
    assert get("/" + query)["X-Cache"] == "pass"


def test_tracking_parameters_share_the_cached_page(site):
    first = get("/")
    response = get("/?utm_source=newsletter&utm_campaign=eras")
    assert response["X-Cache"] == "hit"
    assert response.content == first.content


def test_search_results_are_never_cached(site):
    assert get("/search/?q=curriculum")["X-Cache"] == "pass"
    assert get("/search/?q=curriculum")["X-Cache"] == "pass"


def test_response_setting_a_cookie_is_not_cached(site):
    client = Client()
    assert client.get("/admin/login/")["X-Cache"] == "pass"  # the login form sets the CSRF cookie
    assert client.get("/admin/login/")["X-Cache"] == "pass"


def test_page_asking_for_a_csrf_token_is_not_cached(site, home):
    from django.middleware.csrf import get_token

    from pages.models import HomePage

    original = HomePage.get_context

    def with_form(self, request, *args, **kwargs):
        get_token(request)  # as a template with {% csrf_token %} would
        return original(self, request, *args, **kwargs)

    with mock.patch.object(HomePage, "get_context", with_form):
        first = get("/")
        assert first["X-Cache"] == "pass"
        assert "csrftoken" in first.cookies
        assert get("/")["X-Cache"] == "pass"
    assert get("/")["X-Cache"] == "miss"  # positive control: the same page without a form is kept
    assert get("/")["X-Cache"] == "hit"


def test_public_pages_hold_no_csrf_form(site):
    for path in SEEDED_PATHS:
        response = get(path)
        assert b"csrfmiddlewaretoken" not in response.content
        assert "csrftoken" not in response.cookies


def test_visitor_carrying_a_session_cookie_is_not_served_from_the_cache(site):
    get("/")
    client = Client()
    client.cookies["sessionid"] = "not-a-real-session"
    assert client.get("/")["X-Cache"] == "pass"


def test_not_found_is_not_cached(site):
    assert get("/no-such-page/").status_code == 404
    assert get("/no-such-page/")["X-Cache"] == "pass"


def test_admin_is_never_cached(admin):
    assert admin.get("/admin/")["X-Cache"] == "pass"


def test_sitemap_and_calendar_feed_are_cached(site):
    for path in ["/sitemap.xml", "/key-dates.ics"]:
        assert get(path)["X-Cache"] == "miss"
        assert get(path)["X-Cache"] == "hit"


def test_zero_seconds_turns_the_cache_off(site, settings):
    settings.PAGE_CACHE_SECONDS = 0
    first, second = get("/"), get("/")
    assert first.status_code == second.status_code == 200
    assert "X-Cache" not in second
    settings.PAGE_CACHE_SECONDS = 600
    get("/")
    assert get("/")["X-Cache"] == "hit"  # positive control


def test_cached_page_is_not_served_past_the_deadline_state_change(site, apply_page):
    now = timezone.now()
    apply_page.application_deadline = now + timedelta(days=20)
    apply_page.save_revision().publish()
    assert apply_page.deadline_state_changes_at(now) == apply_page.application_deadline - timedelta(days=14)

    for path in ["/apply/", "/curriculum/"]:
        assert "Closing soon" not in get(path).content.decode()
        assert get(path)["X-Cache"] == "hit"

    later = now + timedelta(days=6, hours=1)  # inside the last 14 days
    with mock.patch("django.utils.timezone.now", return_value=later):
        for path in ["/apply/", "/curriculum/"]:
            response = get(path)
            assert response["X-Cache"] == "miss"
            assert "Closing soon" in response.content.decode()
            assert get(path)["X-Cache"] == "hit"

    passed = now + timedelta(days=21)
    with mock.patch("django.utils.timezone.now", return_value=passed):
        response = get("/apply/")
        assert response["X-Cache"] == "miss"
        assert "Applications are closed for this cycle" in response.content.decode()


def test_deadline_state_changes_at_each_boundary_then_never(apply_page):
    deadline = apply_page.application_deadline
    assert apply_page.deadline_state_changes_at(deadline - timedelta(days=30)) == deadline - timedelta(days=14)
    assert apply_page.deadline_state_changes_at(deadline - timedelta(days=3)) == deadline
    assert apply_page.deadline_state_changes_at(deadline) is None


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def test_pages_are_served_while_redis_is_down(site, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "residency.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/5",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    from django.core.cache import cache

    cache.close()
    for path in SEEDED_PATHS:
        response = get(path)
        assert response.status_code == 200, path
        assert response["X-Cache"] == "pass"
    assert "Cache unavailable" in caplog.text


def test_failed_redis_is_left_alone_for_a_while_then_retried(settings):
    from django.core.cache import cache
    from django.core.cache.backends.redis import RedisCacheClient

    from redis.exceptions import ConnectionError as RedisConnectionError

    from residency import cache as resilient

    settings.CACHES = {
        "default": {
            "BACKEND": "residency.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/5",
        }
    }
    with mock.patch.object(RedisCacheClient, "get", side_effect=RedisConnectionError("refused")) as redis_get:
        assert cache.get("key", "fallback") == "fallback"
        assert cache.get("key", "fallback") == "fallback"
        assert redis_get.call_count == 1
        later = resilient.time.monotonic() + resilient.RETRY_SECONDS + 1
        with mock.patch.object(resilient.time, "monotonic", return_value=later):
            assert cache.get("key", "fallback") == "fallback"
        assert redis_get.call_count == 2
