"""Program at a glance: facts edited once on the Apply page, shown on the overview and the Apply page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.test.utils.form_data import streamfield

import pytest
from bs4 import BeautifulSoup

from tests.conftest import application_form, facts_of, facts_panel, set_every_fact

pytestmark = pytest.mark.django_db

NRMP_M = "1261140M0 Primary Care track (categorical): rank this code in the NRMP Match"
# A passed deadline reads as a closed cycle, with the old date as history (never as the current fact).
PASSED_DEADLINE = (
    "Closed for this cycle The next cycle’s dates will be posted on this site and in its calendar feed . "
    "The last deadline was September 26, 2023, 11:59 p.m. Eastern Time ."
)
SEEDED_FACTS = {
    "NRMP program code": NRMP_M,
    "Application system": "ERAS",
    "Application deadline": PASSED_DEADLINE,
    "Other tracks": "Categorical",
    "Application contact": "mghimresidency@partners.org",
}


@pytest.mark.parametrize("path", ["/", "/apply/"])
def test_seeded_panel_shows_only_the_facts_the_source_states(client, site, path):
    assert facts_of(facts_panel(client, path)) == SEEDED_FACTS


@pytest.mark.parametrize("path", ["/", "/apply/"])
def test_panel_never_shows_an_empty_fact(client, site, path):
    panel = facts_panel(client, path)

    for item in panel.find("dl").find_all("div", recursive=False):
        assert item.find("dt").get_text(strip=True)
        assert item.find("dd").get_text(strip=True)


def test_apply_page_shows_each_fact_once(client, site):
    page = BeautifulSoup(client.get("/apply/").content, "html.parser")
    labels = [dt.get_text(strip=True) for dt in page.find("main").find_all("dt")]

    for label in SEEDED_FACTS:
        assert labels.count(label) == 1
    assert len(page.find_all("section", class_="facts")) == 1


def test_overview_panel_links_to_the_apply_page(client, site):
    assert facts_panel(client, "/").find("a", href="/apply/", string="How to apply")


@pytest.mark.parametrize("path", ["/", "/apply/"])
def test_every_fact_an_editor_sets_is_shown_in_order(client, apply_page, staff, path):
    set_every_fact(apply_page, staff)

    assert facts_of(facts_panel(client, path)) == {
        "Positions per year": "8",
        "NRMP program code": NRMP_M,
        "Application system": "ERAS",
        "Applications open": "September 4, 2031",
        "Application deadline": PASSED_DEADLINE,
        "Exam requirements": "USMLE Step 1 and Step 2 CK",
        "Interview period": "October to January",
        "Interview format": "Virtual",
        "Visa sponsorship": "J-1",
        "Salary by year": "PGY-1: $78,000 (plus meal allowance) PGY-2: $81,500",
        "Benefits": "Health, dental and parental leave.",
        "Board pass rate": "97% (2021–2023)",
        "Other tracks": "Categorical",
        "Where recent graduates went": "Fellowship: 1 of 2 Clinical practice: 1 of 2 Classes of 2031",
        "Application contact": "Laura Ricci, Primary Care Program Coordinator mghimresidency@partners.org",
    }


def test_program_facts_are_label_value_pairs_of_set_facts_only(apply_page):
    facts = apply_page.program_facts()

    assert [(fact.label, fact.value) for fact in facts][:3] == [
        ("NRMP program code", "1261140M0"),
        ("Application system", "ERAS"),
        ("Application deadline", "September 26, 2023, 11:59 p.m. Eastern Time"),
    ]
    assert all(fact.value or fact.email for fact in facts)


@pytest.mark.parametrize(
    ("code", "meaning"),
    [
        ("1261140M0", "Primary Care track (categorical)"),
        ("1261140C0", "Categorical track"),
        ("1261140P0", "Preliminary (one-year) track"),
    ],
)
def test_nrmp_type_letter_is_explained(client, apply_page, code, meaning):
    apply_page.nrmp_code = code
    apply_page.save_revision().publish()

    expected = f"{code} {meaning}: rank this code in the NRMP Match"
    assert facts_of(facts_panel(client, "/apply/"))["NRMP program code"] == expected


def test_unknown_nrmp_type_letter_gets_no_guessed_meaning(client, apply_page):
    apply_page.nrmp_code = "1261140Z0"
    apply_page.save_revision().publish()

    assert facts_of(facts_panel(client, "/apply/"))["NRMP program code"] == "1261140Z0"


def test_contact_shows_a_staff_email_only_when_public(client, apply_page, staff):
    ricci = staff["ricci"]
    ricci.email = "lricci@example.org"
    ricci.email_public = False
    ricci.save_revision().publish()
    apply_page.application_contact = ricci
    apply_page.save_revision().publish()

    assert "lricci@example.org" not in client.get("/apply/").content.decode()

    ricci.email_public = True
    ricci.save_revision().publish()
    contact = facts_of(facts_panel(client, "/apply/"))["Application contact"]
    assert contact == "Laura Ricci, Primary Care Program Coordinator lricci@example.org"


def test_contact_who_left_falls_back_to_the_program_email(client, apply_page, staff):
    ricci = staff["ricci"]
    apply_page.application_contact = ricci
    apply_page.save_revision().publish()
    ricci.active = False
    ricci.save_revision().publish()

    assert facts_of(facts_panel(client, "/"))["Application contact"] == "mghimresidency@partners.org"


def test_unpublished_fact_changes_stay_off_the_site(client, apply_page):
    apply_page.positions_per_year = 12
    apply_page.save_revision()

    for path in ["/", "/apply/"]:
        assert "Positions per year" not in facts_of(facts_panel(client, path))


def test_overview_query_count_does_not_grow_with_the_facts(client, settings, apply_page, staff):
    settings.PAGE_CACHE_SECONDS = 0  # the queries of a render, not of a page cache hit
    client.get("/")
    with CaptureQueriesContext(connection) as seeded:
        client.get("/")

    set_every_fact(apply_page, staff)
    client.get("/")
    with CaptureQueriesContext(connection) as full:
        client.get("/")

    assert len(full) == len(seeded)


def test_editor_sets_facts_in_the_admin(client, admin, apply_page):
    form = application_form(
        apply_page,
        positions_per_year="8",
        visa_sponsorship="j1_h1b",
        interview_format="hybrid",
        salaries=streamfield([("year", {"pgy": "1", "salary": "78000", "note": ""})]),
    )
    form["action-publish"] = "action-publish"

    response = admin.post(f"/admin/pages/{apply_page.pk}/edit/", form)

    assert response.status_code == 302
    facts = facts_of(facts_panel(client, "/apply/"))
    assert facts["Positions per year"] == "8"
    assert facts["Visa sponsorship"] == "J-1 and H-1B"
    assert facts["Interview format"] == "Virtual and in person"
    assert facts["Salary by year"] == "PGY-1: $78,000"


def test_board_pass_rate_over_100_is_refused(admin, apply_page):
    response = admin.post(f"/admin/pages/{apply_page.pk}/edit/", application_form(apply_page, board_pass_rate="120"))

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 100." in response.content.decode()
    apply_page.refresh_from_db()
    assert apply_page.board_pass_rate is None


def test_editor_previews_fact_changes_before_they_go_live(client, admin, apply_page):
    preview_url = f"/admin/pages/{apply_page.pk}/edit/preview/"
    form = application_form(apply_page, positions_per_year="9")

    assert admin.post(preview_url, form).json()["is_valid"]
    preview = BeautifulSoup(admin.get(preview_url).content, "html.parser")

    assert facts_of(preview.find("section", class_="facts"))["Positions per year"] == "9"
    apply_page.refresh_from_db()
    assert apply_page.positions_per_year is None
