"""Site search: the header box, results with marked words, pagination, odd input and what must never show."""

from django.db import connection

from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

import pytest
from bs4 import BeautifulSoup

from pages.models import StandardPage
from staff.models import StaffMember
from tests.conftest import SEEDED_PATHS, post_edit

pytestmark = pytest.mark.django_db


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def search(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def result_titles(response):
    return [title.get_text(" ", strip=True) for title in soup_of(response).select(".search-result__title")]


def status_text(response):
    return " ".join(soup_of(response).select_one("[role=status]").get_text(" ").split())


def add_page(home, title, summary, publish=True):
    page = StandardPage(title=title, listing_summary=summary)
    home.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        page.unpublish()
    return page


def test_database_backend_uses_the_full_text_search_of_the_database(site):
    backend = type(get_search_backend()).__name__
    expected = {"postgresql": "PostgresSearchBackend", "sqlite": "SQLiteSearchBackend"}[connection.vendor]

    assert backend == expected


@pytest.mark.parametrize("path", [*SEEDED_PATHS, "/search/", "/no-such-page/"])
def test_every_page_has_a_labelled_search_box_in_the_header(client, site, path):
    header = soup_of(client.get(path)).find("header")
    form = header.find("form", attrs={"role": "search"})

    assert form["action"] == "/search/"
    assert form["method"] == "get"
    field = form.find("input", attrs={"name": "q"})
    assert header.find("label", attrs={"for": field["id"]}).get_text(strip=True) == "Search this site"
    assert form.find("button", attrs={"type": "submit"}).get_text(strip=True) == "Search"


def test_empty_search_shows_the_form_and_how_to_search(client, site):
    response = search(client, "")
    page = soup_of(response)

    assert page.find("h1").get_text(strip=True) == "Search"
    assert page.find("input", id="search-query")["value"] == ""
    assert "Type a word or a few words" in status_text(response)
    assert not page.select(".search-result")


def test_search_finds_a_page_and_links_to_it(client, site):
    response = search(client, "ERAS")
    link = soup_of(response).select_one(".search-result__title a")

    assert result_titles(response) == ["Application Process"]
    assert link["href"] == "/apply/"
    assert status_text(response) == "1 result for “ERAS”."


def test_search_finds_staff_and_links_to_their_card_in_the_directory(client, staff):
    response = search(client, "Kormos")
    link = soup_of(response).select_one(".search-result__title a")

    assert result_titles(response) == ["William Kormos, MD"]
    assert link["href"] == f"/faculty-and-staff/#staff-{staff['kormos'].pk}"
    assert soup_of(client.get("/faculty-and-staff/")).find(id=f"staff-{staff['kormos'].pk}")
    assert soup_of(response).select_one(".search-result__kind").get_text(strip=True) == "Faculty & Staff"


def test_search_description_is_searched(client, site):
    assert result_titles(search(client, "NRMP code")) == ["Application Process"]


def test_staff_are_found_by_title(client, site):
    assert result_titles(search(client, "chief")) == ["Sarah Kler, MD"]


def test_staff_email_is_never_shown_in_results(client, staff):
    member = staff["ricci"]
    member.email = "laura.private@example.org"
    member.email_public = False
    member.save()
    member.save_revision().publish()

    assert "laura.private@example.org" not in search(client, "Ricci").content.decode()


def test_matched_words_are_marked_in_the_snippet(client, site):
    snippet = soup_of(search(client, "primary care")).select_one(".search-result__snippet")

    marked = {mark.get_text().lower() for mark in snippet.find_all("mark")}
    assert marked == {"primary", "care"}
    # Whole words only: "care" is not marked inside "career".
    assert "<mark>Care</mark>er" not in str(snippet) and "<mark>care</mark>er" not in str(snippet)


def test_quoted_words_are_searched_as_a_phrase(client, site):
    titles = result_titles(search(client, '"health equity"'))

    assert "Mission to Promote Health Equity" in titles


def test_snippet_text_is_escaped_before_words_are_marked(client, home):
    add_page(home, "Clinic notes", 'Tom & Jerry <script>alert("x")</script> clinic <b>bold</b>')

    response = search(client, "clinic jerry")
    snippet = soup_of(response).select_one(".search-result__snippet")

    html = response.content.decode()
    assert '<script>alert("x")' not in html
    assert "<b>bold</b>" not in html
    assert snippet.get_text() == 'Tom & Jerry <script>alert("x")</script> clinic <b>bold</b>'
    assert [mark.get_text() for mark in snippet.find_all("mark")] == ["Jerry", "clinic"]


def test_marking_never_reaches_inside_escaped_characters(client, home):
    add_page(home, "Q&A session", "Q&A amp session <lt>")

    snippet = soup_of(search(client, "amp")).select_one(".search-result__snippet")

    assert snippet.decode_contents() == "Q&amp;A <mark>amp</mark> session &lt;lt&gt;"


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        '"unbalanced quote',
        "%",
        "100%",
        "_",
        "*",
        "<script>alert(1)</script>",
        "(((",
        "a) OR (b",
        "primary AND NOT (care",
        "' OR 1=1 --",
        "\\",
        "title:primary",
        "医学 研修",
        "Здравоохранение",
        "الرعاية الأولية",
        "😀 care",
        "x\x00y",
        "x" * 10_000,
        "primary " * 2_000,
    ],
)
def test_odd_queries_get_a_clear_page(client, site, query):
    response = search(client, query)
    page = soup_of(response)

    assert page.find("h1").get_text(strip=True) == "Search"
    assert status_text(response)
    assert "<script>alert(1)" not in response.content.decode()
    assert len(page.find("input", id="search-query")["value"]) <= 200


def test_script_in_the_query_is_shown_as_text(client, site):
    response = search(client, "<script>alert(1)</script>")

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()
    assert "No results for “<script>alert(1)</script>”" in status_text(response)


def test_very_long_query_is_cut_to_200_characters_and_says_so(client, site):
    response = search(client, "primary " + "x" * 10_000)

    assert "only its first 200 characters were used" in status_text(response)
    assert len(soup_of(response).find("input", id="search-query")["value"]) == 200


def test_non_latin_words_are_found(client, home):
    add_page(home, "Résumé 医学 page", "Здравоохранение и 医学")

    assert result_titles(search(client, "Здравоохранение")) == ["Résumé 医学 page"]


def test_results_are_paginated_ten_to_a_page(client, home):
    for number in range(12):
        add_page(home, f"Zebrafinch notes {number}", "All about the zebrafinch.")

    first = search(client, "zebrafinch")
    second = search(client, "zebrafinch", page=2)

    assert len(result_titles(first)) == 10
    assert len(result_titles(second)) == 2
    assert "12 results for “zebrafinch”, page 1 of 2." in status_text(first)
    next_link = soup_of(first).find("a", rel="next")
    assert next_link["href"] == "?q=zebrafinch&page=2"
    assert soup_of(second).find("a", rel="prev")
    assert soup_of(second).select_one(".search-results")["start"] == "11"


@pytest.mark.parametrize(("page", "expected"), [("abc", 1), ("", 1), ("0", 2), ("-1", 2), ("999", 2), ("1.5", 1)])
def test_bad_page_number_gives_the_first_or_last_page(client, home, page, expected):
    for number in range(12):
        add_page(home, f"Zebrafinch notes {number}", "All about the zebrafinch.")

    response = search(client, "zebrafinch", page=page)

    assert f"page {expected} of 2" in status_text(response)


def test_unpublished_page_is_never_returned(client, home):
    page = add_page(home, "Quokka rounds", "The quokka rounds schedule.")
    assert result_titles(search(client, "quokka")) == ["Quokka rounds"]

    page.unpublish()
    assert result_titles(search(client, "quokka")) == []


def test_never_published_draft_page_is_never_returned(client, home):
    add_page(home, "Quokka draft", "A draft about quokkas.", publish=False)
    add_page(home, "Quokka rounds", "The quokka rounds schedule.")  # the control: a live match is found

    assert result_titles(search(client, "quokka")) == ["Quokka rounds"]


def test_draft_changes_to_a_live_page_are_not_searchable(client, curriculum):
    curriculum.listing_summary = "Wombat seminar series."
    revision = curriculum.save_revision()

    assert result_titles(search(client, "wombat")) == []
    revision.publish()  # the control: once published, the same words are found
    assert result_titles(search(client, "wombat")) == ["Enhanced Primary Care Curriculum"]


def test_private_page_is_never_returned(client, home):
    page = add_page(home, "Quokka private", "Private quokka notes.")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret")
    add_page(home, "Quokka public", "Public quokka notes.")  # the control: a public match is found

    assert result_titles(search(client, "quokka")) == ["Quokka public"]


def test_draft_staff_member_is_never_returned(client, site):
    member = StaffMember(name="Jordan Quokka", title="Primary Care Chief Resident", category="chief_residents")
    member.live = False
    member.save()
    member.save_revision()
    colleague = StaffMember.objects.create(name="Alex Quokka", title="Faculty", category="faculty")
    colleague.save_revision().publish()  # the control: a live, active match is found

    assert result_titles(search(client, "Quokka")) == ["Alex Quokka"]


def test_draft_edit_of_a_staff_member_is_not_searchable(client, admin, staff):
    post_edit(admin, staff["kler"], "action-save", title="Wombat Chief Resident")

    assert result_titles(search(client, "wombat")) == []
    assert result_titles(search(client, "Kler")) == ["Sarah Kler, MD"]


def test_inactive_staff_member_is_never_returned(client, staff):
    assert result_titles(search(client, "Ford")) == [staff["ford"].display_name]  # the control
    staff["ford"].active = False
    staff["ford"].save()

    assert result_titles(search(client, "Ford")) == []
