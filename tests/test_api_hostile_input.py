"""Hostile values in the public API's query string get 400 with a JSON message, never a 500."""

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from residency.api import APIThrottle

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v2/pages/", "/api/v2/images/", "/api/v2/staff/"]
HUGE = "9" * 30
# Refused on every endpoint: bad numbers, fields, orderings, control characters, unknown parameters.
HOSTILE_QUERIES = [
    "limit=abc",
    "limit=-1",
    "limit=1.5",
    f"limit={HUGE}",
    "offset=-1",
    "offset=abc",
    f"offset={HUGE}",
    "fields=***",
    "fields=*,-",
    "fields=title(",
    "fields=_,",
    "fields=no_such_field",
    "fields=%00",
    "order=..",
    "order=-",
    "order=no_such_field",
    "order=title;drop",
    "order=%00",
    "order=random&offset=5",
    "id=abc",
    f"id={HUGE}",
    "id=%00",
    "search=%00",
    "search=abc&search_operator=xor",
    "search=abc&order=no_such_field",
    "no_such_parameter=1",
    "limit=%00",
    "offset=1%002",
]
# Refused on the pages endpoint: its own filters.
HOSTILE_PAGE_QUERIES = [
    "type=nonexistent.Model",
    "type=pages",
    "type=..",
    "type=%00",
    "type=wagtailcore.Page.x",
    "child_of=x",
    "child_of=-1",
    f"child_of={HUGE}",
    "child_of=%00",
    "descendant_of=x",
    f"descendant_of={HUGE}",
    "ancestor_of=x",
    f"ancestor_of={HUGE}",
    "translation_of=x",
    "locale=%00",
    "title=%00",
    "slug=%00",
    "show_in_menus=maybe",
    "html_path=%00",
]


@pytest.fixture(autouse=True)
def fresh_throttle(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "100000/minute"}}
    APIThrottle.THROTTLE_RATES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]


def assert_refused(response):
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_query_is_refused_with_a_message(client, site, endpoint, query):
    assert_refused(client.get(f"{endpoint}?{query}"))


@pytest.mark.parametrize("query", HOSTILE_PAGE_QUERIES)
def test_hostile_page_filter_is_refused_with_a_message(client, site, query):
    assert_refused(client.get(f"/api/v2/pages/?{query}"))


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_well_formed_query_still_answers(client, site, endpoint):
    Image.objects.create(title="Mass General campus", file=get_test_image_file())

    response = client.get(f"{endpoint}?limit=5&offset=0&fields=*&order=id")

    assert response.status_code == 200
    assert response.json()["items"]


@pytest.mark.parametrize("query", ["child_of={root}", "descendant_of={root}", "type=pages.CurriculumPage&fields=*"])
def test_well_formed_page_filters_still_answer(client, home, query):
    response = client.get("/api/v2/pages/?" + query.format(root=home.pk))

    assert response.status_code == 200
    assert response.json()["items"]


@pytest.mark.parametrize("endpoint", ["/api/v2/pages/", "/api/v2/staff/"])
def test_api_search_cleans_control_characters_and_length_like_the_site_search(client, site, endpoint):
    plain = client.get(f"{endpoint}?search=primary")
    spaced = client.get(f"{endpoint}?search=pri%01mary%7f " + "x" * 10_000)
    dirty = client.get(f"{endpoint}?search=%09primary%00%0d%0a")

    assert plain.status_code == 200 and plain.json()["items"], "positive control: the word is found"
    assert spaced.status_code == 200
    assert dirty.status_code == 200
    assert dirty.json()["items"] == plain.json()["items"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("detail", ["abc", HUGE, "-1", "%00"])
def test_hostile_detail_address_is_not_found(client, site, endpoint, detail):
    response = client.get(f"{endpoint}{detail}/")

    assert response.status_code == 404


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("query", ["id=abc", "id=-1", f"id={HUGE}", "id=%00", "html_path=%00"])
def test_hostile_find_is_refused_with_a_message(client, site, endpoint, query):
    assert_refused(client.get(f"{endpoint}find/?{query}"))


def test_a_well_formed_find_still_answers(client, apply_page):
    by_id = client.get(f"/api/v2/pages/find/?id={apply_page.pk}")
    by_path = client.get("/api/v2/pages/find/?html_path=/apply/")

    assert by_id.status_code == 302
    assert by_path.status_code == 302
    assert by_id["Location"] == by_path["Location"]
