"""Behind the TLS proxy (X-Forwarded-Proto: https) every full URL the site prints says https: the canonical
link, Open Graph, JSON-LD, the sitemap and robots.txt; a plain-http request keeps http, and the two never
share a cached page."""

import json
import re

from django.test import Client

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

# The seeded Site: Wagtail builds page URLs from its hostname and port (80).
HOST = "localhost"


@pytest.fixture
def behind_proxy(settings, site):
    """Production's proxy setting, and the page cache on, as production runs it."""
    assert (site.hostname, site.port) == (HOST, 80)
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.PAGE_CACHE_SECONDS = 600
    return site


def through_tls_proxy(path):
    """A request as nginx forwards it from an https visitor: the visitor's Host, and the scheme."""
    return Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https").get(path)


def plain_http(path):
    return Client(HTTP_HOST=HOST).get(path)


def page_urls(response):
    soup = BeautifulSoup(response.content, "html.parser")
    urls = {
        "canonical": soup.find("link", rel="canonical")["href"],
        "og:url": soup.find("meta", property="og:url")["content"],
    }
    for number, script in enumerate(soup.find_all("script", type="application/ld+json")):
        found = re.findall(r'"(https?://[^"]+)"', json.dumps(json.loads(script.string)))
        urls[f"json-ld {number}"] = [url for url in found if "schema.org" not in url]
    return urls


@pytest.mark.parametrize("path", ["/", "/apply/"])
def test_page_urls_say_https_behind_the_tls_proxy(behind_proxy, path):
    response = through_tls_proxy(path)

    urls = page_urls(response)
    assert urls["canonical"] == f"https://{HOST}{path}"
    assert urls["og:url"] == f"https://{HOST}{path}"
    json_ld = [url for key, found in urls.items() if key.startswith("json-ld") for url in found]
    assert f"https://{HOST}/" in json_ld
    assert all(url.startswith(f"https://{HOST}/") for url in json_ld), json_ld


def test_a_secure_request_gets_https_urls_too(behind_proxy):
    response = Client(HTTP_HOST=HOST).get("/apply/", secure=True)

    assert page_urls(response)["canonical"] == f"https://{HOST}/apply/"


def test_plain_http_requests_keep_http_urls_and_a_cache_entry_of_their_own(behind_proxy):
    secure = through_tls_proxy("/apply/")
    plain = plain_http("/apply/")
    plain_again = plain_http("/apply/")
    secure_again = through_tls_proxy("/apply/")

    assert (secure["X-Cache"], plain["X-Cache"], plain_again["X-Cache"], secure_again["X-Cache"]) == (
        "miss",
        "miss",
        "hit",
        "hit",
    )
    assert page_urls(plain)["canonical"] == f"http://{HOST}/apply/"
    assert page_urls(plain_again)["canonical"] == f"http://{HOST}/apply/"
    assert page_urls(secure_again)["canonical"] == f"https://{HOST}/apply/"


def test_sitemap_locations_say_https_behind_the_tls_proxy(behind_proxy):
    secure = through_tls_proxy("/sitemap.xml")
    plain = plain_http("/sitemap.xml")

    secure_locations = re.findall(r"<loc>([^<]+)</loc>", secure.content.decode())
    assert f"https://{HOST}/apply/" in secure_locations
    assert all(location.startswith(f"https://{HOST}/") for location in secure_locations)
    assert f"http://{HOST}/apply/" in re.findall(r"<loc>([^<]+)</loc>", plain.content.decode())


def test_robots_names_the_https_sitemap_behind_the_tls_proxy(behind_proxy):
    assert f"Sitemap: https://{HOST}/sitemap.xml" in through_tls_proxy("/robots.txt").content.decode()
    assert f"Sitemap: http://{HOST}/sitemap.xml" in plain_http("/robots.txt").content.decode()
