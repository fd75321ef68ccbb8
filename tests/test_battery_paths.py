"""The battery: hostile addresses, redirects, Host headers and odd header values, through the public URLs."""

import json
import re

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

NOT_FOUND = "There is no page at this address."
OVERVIEW_TEXT = "Welcome!"


def text_of(response):
    return response.content.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "path",
    [
        "/media/../settings",
        "/media/..%2f..%2fresidency%2fsettings%2fbase.py",
        "/static/..%2f..%2fetc/passwd",
        "/static/%2e%2e/%2e%2e/manage.py",
        "/documents/1/..%2f",
        "/documents/1/..%2f..%2fmanage.py",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%5c..%5cetc%5cpasswd",
        "/curriculum/..\\..\\residency\\settings\\base.py",
        "/curriculum/%2e%2e%2f%2e%2e%2fmanage.py",
        "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    ],
)
def test_path_traversal_gets_the_not_found_page_and_no_file(client, site, path):
    response = client.get(path)

    assert response.status_code == 404
    text = text_of(response)
    assert NOT_FOUND in text
    assert "root:x:0" not in text
    assert "SECRET_KEY" not in text
    assert "DJANGO_SETTINGS_MODULE" not in text


def test_traversal_out_of_a_page_address_does_not_reach_its_parent(client, site):
    # Positive control: the page itself is served.
    assert "Curriculum" in text_of(client.get("/curriculum/"))

    response = client.get("/curriculum/..%2f")

    assert response.status_code == 404
    assert NOT_FOUND in text_of(response)


@pytest.mark.parametrize(
    "path", ["/%00", "/curriculum/%00/", "/%ff%fe/", "/caf%C3%A9%00/", "/curriculum/%0d%0aSet-Cookie:x=1/"]
)
def test_control_and_non_utf8_bytes_in_the_path_get_the_not_found_page(client, site, path):
    response = client.get(path)

    assert response.status_code == 404
    assert NOT_FOUND in text_of(response)
    assert "x" not in response.cookies


def test_an_oversized_path_gets_the_not_found_page(client, site):
    response = client.get("/" + "a" * 10_000 + "/")

    assert response.status_code == 404
    assert NOT_FOUND in text_of(response)


def test_protocol_relative_path_is_never_turned_into_a_redirect_off_the_site(client, site):
    # The slash the site adds must not make "//evil.example/apply" a link to another host. (PATH_INFO: the
    # test client would read the leading "//" as a host name; a browser or wrk sends the path as is.)
    response = client.get("/", PATH_INFO="//evil.example/apply")

    assert response.status_code == 404
    assert "Location" not in response
    assert NOT_FOUND in text_of(response)


def test_backslash_path_is_not_found_not_redirected(client, site):
    response = client.get("/\\evil.example")

    assert response.status_code == 404
    assert "Location" not in response


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "https:evil.example"]
)
def test_admin_login_never_redirects_off_the_site(client, superuser, next_url):
    response = client.post("/admin/login/", {"username": "root", "password": "a-long-test-password", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    # Positive control: the login itself worked.
    assert client.get("/admin/").status_code == 200


def test_admin_login_keeps_a_next_address_on_the_site(client, superuser, site):
    response = client.post(
        "/admin/login/", {"username": "root", "password": "a-long-test-password", "next": "/admin/pages/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"


def test_logout_never_redirects_off_the_site(admin):
    response = admin.post("/admin/logout/?next=https://evil.example/", {"next": "https://evil.example/"})

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert response["Location"].startswith("/admin/login/")
    # Signed out indeed.
    assert admin.get("/admin/").status_code == 302


def test_a_redirect_is_served_for_its_own_path_only(client, admin, site, apply_page):
    from wagtail.contrib.redirects.models import Redirect

    Redirect.objects.create(old_path="/old-apply", redirect_page=apply_page, site=site)
    assert client.get("/old-apply/")["Location"] == "/apply/"

    response = client.get("/", PATH_INFO="//evil.example/old-apply/")

    # The redirect's own target, on this site; never the host in the path.
    assert response.status_code == 301
    assert response["Location"] == "/apply/"


# Host headers: production names its hosts; a request for any other host is refused before a page is made.


@pytest.fixture
def named_hosts(settings):
    settings.ALLOWED_HOSTS = ["localhost"]


@pytest.mark.parametrize(
    "host", ["evil.example", "localhost.evil.example", "local\x00host", "[::1", "a" * 300, "localhost:99999x"]
)
def test_unknown_or_malformed_host_gets_400(client, site, named_hosts, host):
    response = client.get("/", HTTP_HOST=host)

    assert response.status_code == 400
    assert OVERVIEW_TEXT not in text_of(response)


def test_bad_host_is_never_kept_in_the_page_cache(client, site, named_hosts, caplog):
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400

    # Refused quietly: not taken for a cache fault.
    assert "Page cache unavailable" not in caplog.text
    # Positive control: the named host gets the page.
    assert OVERVIEW_TEXT in text_of(client.get("/", HTTP_HOST="localhost"))


@pytest.mark.parametrize("path", ["/", "/apply/", "/sitemap.xml", "/robots.txt", "/key-dates.ics", "/api/v2/pages/"])
def test_a_forwarded_host_never_reaches_an_absolute_url(client, site, named_hosts, path):
    response = client.get(path, HTTP_HOST="localhost", HTTP_X_FORWARDED_HOST="evil.example")

    assert response.status_code == 200
    text = text_of(response)
    assert "evil.example" not in text
    # Positive control: the absolute URLs the answer gives name the real host.
    assert "http://localhost/" in text


def test_structured_data_names_only_the_real_host(client, site, named_hosts):
    html = text_of(client.get("/", HTTP_HOST="localhost", HTTP_X_FORWARDED_HOST="evil.example"))
    blocks = BeautifulSoup(html, "html.parser").find_all("script", type="application/ld+json")

    assert blocks
    data = " ".join(json.dumps(json.loads(block.string)) for block in blocks)
    assert "evil.example" not in data
    assert "http://localhost/" in data


# Odd header values: answered as usual, never a server error.


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_COOKIE": "filler=" + "x" * 30_000},
        {"HTTP_COOKIE": "sessionid=\xff\xfe\x00; csrftoken=\x00\x01"},
        {"HTTP_COOKIE": "sessionid=" + "z" * 4000},
        {"HTTP_X_FORWARDED_FOR": "junk, \x00, 999.1.1.1, ::ffff:zz"},
        {"HTTP_ACCEPT_LANGUAGE": "\xff\xfe" * 200},
        {"HTTP_ACCEPT_ENCODING": "gzip;q=\xff, br;q=-1"},
        {"HTTP_REFERER": "http://\xff\xfe/\x00"},
        {"HTTP_USER_AGENT": "é" * 20_000},
        {"HTTP_IF_NONE_MATCH": '"' + "\x00" * 100 + '"', "HTTP_IF_MODIFIED_SINCE": "yesterday, maybe"},
        {"HTTP_X_FORWARDED_PROTO": "gopher\r\nX-Injected: 1"},
    ],
    ids=[
        "huge-cookie",
        "binary-cookie",
        "bogus-session",
        "junk-forwarded-for",
        "non-ascii-language",
        "bad-encoding-weights",
        "binary-referer",
        "huge-user-agent",
        "bad-conditionals",
        "injected-proto",
    ],
)
def test_odd_header_values_get_the_page(client, site, headers):
    response = client.get("/", **headers)

    assert response.status_code == 200
    assert OVERVIEW_TEXT in text_of(response)
    assert "X-Injected" not in response


def test_odd_header_values_on_the_api_get_its_answer(client, site):
    response = client.get(
        "/api/v2/pages/", HTTP_X_FORWARDED_FOR="\x00, not-an-address", HTTP_ACCEPT="application/json;q=\xff"
    )

    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] >= 6


@pytest.mark.parametrize(
    "query",
    [
        "q=%ff%fe%fd",
        "q=primary&page=%00",
        "q=primary&page=" + "9" * 400,
        "q[]=primary&q[]=care",
        "q=%E2%80%AE%E2%80%8B",
    ],
)
def test_malformed_search_query_strings_get_the_search_page(client, site, query):
    response = client.get("/search/?" + query)

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("h1").get_text(strip=True) == "Search"


def test_a_flood_of_query_parameters_is_refused(client, site):
    query = "&".join(f"p{number}=1" for number in range(10_001))

    response = client.get("/search/?" + query)

    # More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS (10 000, for the page editor's big forms): a clear 400.
    assert response.status_code == 400
    assert "Search" not in text_of(response)


@pytest.mark.parametrize("query", ["x=%ff", "x=\x00", "x=" + "9" * 5000])
def test_junk_on_the_key_dates_feed_still_gives_the_calendar(client, site, query):
    response = client.get("/key-dates.ics?" + query)

    assert response.status_code == 200
    assert text_of(response).startswith("BEGIN:VCALENDAR")


def test_utf8_control_characters_in_a_page_address_never_reach_the_page(client, site):
    response = client.get("/curriculum%0A/")

    assert response.status_code == 404
    assert re.search(r"<h1[^>]*>\s*Page not found", text_of(response))
