"""Hostile values in the public API's query string get 400 with a JSON message, never a 500."""

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

import pytest

from pages.models import StandardPage
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
    # Numbers only in ASCII digits: int() would read some of these and fail on others.
    "limit=%C2%B2",
    "limit=%D9%A3",
    "offset=%EF%BC%91",
    "limit=%2B5",
    "limit=%205",
    "id=%C2%B2",
    "limit=21",
    # Unknown filters and operators, fields and orderings.
    "title__icontains=x",
    "id__gt=1",
    "%00=1",
    "fields=*,file",
    "fields=title(id)",
    "fields=a(b(c(d)))",
    "fields=(",
    "order=pk",
    "order=-random",
    "order=title__foo",
    "order=id,,title",
    "id=1,2",
    "rich_text_format=bogus",
    "format=api",
    "format=xml",
    "search_operator=",
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
    "child_of=%C2%B2",
    "descendant_of=%2B3",
    "translation_of=-1",
    "locale=xx",
    "fields=body",
    "fields=letter",
    "fields=share_image",
    "fields=parent(no_such_field)",
    "has_children=maybe",
    "type=pages.ApplicationProcessPage&positions_per_year=99999999999999999999",
    "type=pages.ApplicationProcessPage&positions_per_year=%C2%B2",
    "type=pages.ApplicationProcessPage&positions_per_year=many",
]


# Refused on the images and staff endpoints: their own fields and filters.
HOSTILE_OWN_QUERIES = [
    "/api/v2/images/?tags=%00",
    "/api/v2/images/?title=%00",
    "/api/v2/images/?fields=file",
    "/api/v2/images/?fields=rendition(url)",
    "/api/v2/images/?width=abc",
    f"/api/v2/images/?width={HUGE}",
    "/api/v2/images/?collection=1",
    "/api/v2/staff/?category=%00",
    "/api/v2/staff/?fields=email",
    "/api/v2/staff/?fields=photo(file)",
    "/api/v2/staff/?type=staff.StaffMember",
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


@pytest.mark.parametrize("address", HOSTILE_OWN_QUERIES)
def test_hostile_image_and_staff_filter_is_refused_with_a_message(client, site, address):
    assert_refused(client.get(address))


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_well_formed_query_still_answers(client, site, endpoint):
    Image.objects.create(title="Mass General campus", file=get_test_image_file())

    response = client.get(f"{endpoint}?limit=5&offset=0&fields=*&order=id")

    assert response.status_code == 200
    assert response.json()["items"]


@pytest.mark.parametrize(
    "query",
    [
        "child_of={root}",
        "descendant_of={root}",
        "child_of=root",
        "type=pages.CurriculumPage&fields=*",
        "locale=en",
        "format=json",
        "rich_text_format=html",
        "type=pages.ApplicationProcessPage&positions_per_year=-1&offset=0&limit=20",
    ],
)
def test_well_formed_page_filters_still_answer(client, home, query):
    response = client.get("/api/v2/pages/?" + query.format(root=home.pk))

    assert response.status_code == 200
    assert "items" in response.json()
    if "positions_per_year" not in query:
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


@pytest.fixture
def hidden(home):
    """A draft, a private page and the page under it, next to a live public page as the positive control."""
    public = home.add_child(instance=StandardPage(title="Visiting the clinic", slug="visiting"))
    draft = home.add_child(instance=StandardPage(title="Visiting draft", slug="draft", live=False))
    private = home.add_child(instance=StandardPage(title="Visiting privately", slug="private"))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="a-page-password")
    under_private = private.add_child(instance=StandardPage(title="Visiting under private", slug="under"))
    return {"public": public, "draft": draft, "private": private, "under_private": under_private}


def listed_ids(response):
    assert response.status_code == 200, response.content[:300]
    return {item["id"] for item in response.json()["items"]}


# Each listing, and whether the live public page is in it (the positive control).
LISTINGS = [
    ("", True),
    ("fields=*", True),
    ("type=pages.StandardPage", True),
    ("search=visiting", True),
    ("child_of={home}", True),
    ("descendant_of={home}", True),
    ("order=-id", True),
    ("show_in_menus=false", True),
    ("id={draft}", False),
    ("id={private}", False),
    ("id={under_private}", False),
    ("slug=draft", False),
    ("title=Visiting%20privately", False),
]


@pytest.mark.parametrize("query, public_listed", LISTINGS)
def test_drafts_and_private_pages_are_never_listed(client, home, hidden, query, public_listed):
    ids = {name: page.pk for name, page in hidden.items()}

    listed = listed_ids(client.get("/api/v2/pages/?" + query.format(home=home.pk, **ids)))

    assert listed.isdisjoint({ids["draft"], ids["private"], ids["under_private"]})
    assert (ids["public"] in listed) is public_listed


@pytest.mark.parametrize("parameter", ["child_of", "descendant_of", "ancestor_of"])
@pytest.mark.parametrize("name", ["draft", "private", "under_private"])
def test_a_hidden_page_as_a_tree_filter_is_refused_as_if_it_did_not_exist(client, hidden, parameter, name):
    hidden_answer = client.get(f"/api/v2/pages/?{parameter}={hidden[name].pk}")
    missing_answer = client.get(f"/api/v2/pages/?{parameter}=999999")

    assert_refused(hidden_answer)
    assert hidden_answer.json() == missing_answer.json()


def test_tree_filters_of_the_public_page_still_answer(client, home, hidden):
    assert hidden["public"].pk in listed_ids(client.get(f"/api/v2/pages/?child_of={home.pk}"))
    assert home.pk in listed_ids(client.get(f"/api/v2/pages/?ancestor_of={hidden['public'].pk}"))


@pytest.mark.parametrize("name", ["draft", "private", "under_private"])
def test_a_hidden_page_has_no_detail_and_cannot_be_found(client, hidden, name):
    page = hidden[name]

    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/find/?id={page.pk}").status_code == 404
    assert client.get(f"/api/v2/pages/find/?html_path={page.url_path.removeprefix('/home')}").status_code == 404
    assert client.get(f"/api/v2/pages/{hidden['public'].pk}/").status_code == 200, "positive control"


def test_documents_are_not_published_by_the_api(client, site):
    assert client.get("/api/v2/documents/").status_code == 404
    assert client.get("/api/v2/pages/").status_code == 200, "positive control: the API is there"
