"""Every seeded page answers and shows the program's facts."""

from datetime import timedelta

from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from tests.conftest import SEEDED_PATHS

pytestmark = pytest.mark.django_db


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def text_of(response):
    return " ".join(soup_of(response).get_text(" ").split())


def item_text(item):
    """The text under a list item's heading, or "" for an item that is only a heading."""
    text = item.find(class_="item-list__text")
    return text.get_text(" ", strip=True) if text else ""


@pytest.mark.parametrize("path", SEEDED_PATHS)
def test_seeded_page_is_served_with_one_h1(client, site, path):
    response = client.get(path)

    assert response.status_code == 200
    assert len(soup_of(response).find_all("h1")) == 1


@pytest.mark.parametrize("path", SEEDED_PATHS)
def test_every_page_shows_contact_details_as_links(client, site, path):
    response = client.get(path)
    page = soup_of(response)
    text = text_of(response)

    for fact in ["Department of Medicine", "55 Fruit Street", "Boston, MA 02114", "617-643-0669", "617-724-7441"]:
        assert fact in text
    assert page.find("a", href="tel:+16176430669")
    assert page.find("a", href="mailto:mghimresidency@partners.org")


@pytest.mark.parametrize("path", SEEDED_PATHS)
def test_every_page_offers_apply_and_the_main_navigation(client, site, path):
    page = soup_of(client.get(path))
    nav = page.find("nav", attrs={"aria-label": "Main"})

    labels = [link.get_text(strip=True) for link in nav.find_all("a")]
    assert labels == ["Overview", "Curriculum", "Health Equity", "Careers", "Apply", "Faculty & Staff"]
    assert page.find("a", href="/apply/", string=lambda s: s and "Apply" in s)


def test_home_page_shows_welcome_letter_signed_from_staff_records(client, site):
    text = text_of(client.get("/"))

    assert "improving health equity in the United States" in text
    assert "We hope you will consider us for your primary care residency training." in text
    assert "William Kormos, MD" in text
    assert "Interim Program Director for the MGH Internal Medicine Residency Program" in text
    assert "Alaka Ray, MD" in text
    assert "Associate Program Director for Ambulatory Training" in text


def test_home_page_shows_continuity_practice_section_cards_and_related_links(client, site):
    response = client.get("/")
    text = text_of(response)

    assert "Your primary care continuity practice" in text
    assert "The cornerstone of your primary care training is your primary care continuity practice." in text
    assert "Explore the Primary Care Residency" in text
    for href in ["/curriculum/", "/health-equity/", "/career-development/", "/apply/", "/faculty-and-staff/"]:
        assert soup_of(response).find("main").find("a", href=href)
    assert "Internal Medicine Residency Program" in text
    assert "For more than 75 years, our program has brought experience" in text
    assert "Internal Medicine Division" in text
    assert "We have more than 400 physicians" in text


def test_curriculum_page_lists_the_three_enhanced_items(client, site):
    response = client.get("/curriculum/")
    items = [h.get_text(strip=True) for h in soup_of(response).find("main").find_all("h3")]

    assert "Retreats and Primary Care Special Sessions" in items
    assert "Designer Blocks" in items
    assert "Optional Longitudinal Second Site" in items
    assert "core curriculum in ambulatory medicine" in text_of(response)
    assert "Boston Healthcare for the Homeless" in text_of(response)


def test_equity_page_lists_all_five_clinical_systems(client, site):
    response = client.get("/health-equity/")
    text = text_of(response)
    items = soup_of(response).find("main").find_all("li", class_="item-list__item")

    assert "a tool kit for advocacy" in text
    # Each system is a short heading with its text, as the design notes ask; every fact of the source stays.
    assert [(item.find("h3").get_text(strip=True), item_text(item)) for item in items] == [
        ("Addiction medicine", ""),
        ("Immigrant health", "Performing asylum evaluations at the MGH Asylum Clinic."),
        ("Transgender health", ""),
        ("Homeless health", "Through our partnership with Boston Healthcare for the Homeless."),
        ("Indigenous health", "Through our partnership with the Rosebud Sioux Tribe in Rosebud, South Dakota."),
    ]
    assert "Residents can seek more in-depth experiences in these sites if they wish." in text


def test_career_page_covers_paths_training_and_mentorship(client, site):
    text = text_of(client.get("/career-development/"))

    assert "leaders in academic and community-based general internal medicine" in text
    assert "health services research, addiction medicine, geriatrics and health care management" in text
    assert "Each resident is matched with a mentor" in text


def test_apply_page_shows_eras_nrmp_deadline_closed_and_tracks(client, site):
    response = client.get("/apply/")
    text = text_of(response)
    facts = soup_of(response).find("dl")

    assert "Electronic Residency Application Service (ERAS)" in text
    assert "1261140M0" in facts.get_text()
    assert "September 26, 2023" in facts.get_text()
    assert "11:59" in facts.get_text()
    assert "Closed for this cycle" in facts.get_text()
    assert "Categorical" in facts.get_text()
    assert facts.find("time")["datetime"].startswith("2023-09-26T23:59:00-04:00")
    assert "can simultaneously apply for the Categorical program" in text


def test_apply_page_leaves_out_the_details_link_until_an_editor_sets_it(client, apply_page):
    assert "Full application details" not in text_of(client.get("/apply/"))

    apply_page.full_details_url = "https://example.org/apply-details"
    apply_page.save_revision().publish()

    page = soup_of(client.get("/apply/"))
    assert page.find("a", href="https://example.org/apply-details")


@pytest.mark.parametrize(
    ("offset", "word"),
    [
        (timedelta(days=60), "Applications open"),
        (timedelta(days=5), "Closing soon"),
        (-timedelta(hours=1), "Closed for this cycle"),
    ],
)
def test_apply_page_states_whether_the_deadline_is_upcoming(client, apply_page, offset, word):
    apply_page.application_deadline = timezone.now() + offset
    apply_page.save_revision().publish()

    assert word in soup_of(client.get("/apply/")).find("dl").get_text()


def test_staff_directory_lists_every_name_and_title(client, site):
    text = text_of(client.get("/faculty-and-staff/"))

    for fact in [
        "Sarah Kler, MD",
        "Ambulatory Chief Resident",
        "Laura Ricci",
        "Primary Care Program Coordinator",
        "Diane Ford",
        "Ambulatory Program Manager",
        "William Kormos, MD",
        "Alaka Ray, MD",
    ]:
        assert fact in text


def test_unknown_url_gets_the_custom_404_page(client, site, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = soup_of(response)
    assert page.find("h1").get_text(strip=True)
    assert page.find("nav", attrs={"aria-label": "Main"})
    assert page.find("a", href="/")


def test_free_content_blocks_render_on_the_page(client, home):
    from pages.models import StandardPage

    page = home.add_child(
        instance=StandardPage(
            title="Life in Boston",
            slug="life-in-boston",
            body=[
                {"type": "heading", "value": {"text": "Housing", "level": "h2"}},
                {"type": "paragraph", "value": "<p>Most residents live near the hospital.</p>"},
                {"type": "contact", "value": None},
            ],
        )
    )

    main = soup_of(client.get(page.url)).find("main")
    assert main.find("h2", string="Housing")
    assert "Most residents live near the hospital." in main.get_text()
    assert main.find("a", href="tel:+16176430669")


def related_items(client):
    footer = soup_of(client.get("/curriculum/")).find("footer")
    return footer.find("ul", class_="related-links").find_all("li", recursive=False)


def test_related_link_without_an_address_is_plain_text(client, site):
    items = related_items(client)

    assert [item.find(class_="related-links__name").get_text(strip=True) for item in items] == [
        "Internal Medicine Residency Program",
        "Internal Medicine Division",
    ]
    for item in items:
        assert not item.find("a")
        assert not item.find(["b", "strong"])


def test_related_link_an_editor_gives_an_address_becomes_a_link(client, home, curriculum):
    first, second = home.related_links.order_by("sort_order")
    first.link_url = "https://example.org/internal-medicine"
    second.link_page = curriculum
    home.related_links = [first, second]
    home.save_revision().publish()

    first_item, second_item = related_items(client)

    assert first_item.find("a", href="https://example.org/internal-medicine").get_text(strip=True) == (
        "Internal Medicine Residency Program"
    )
    assert second_item.find("a", href="/curriculum/").get_text(strip=True) == "Internal Medicine Division"
    assert not first_item.find(class_="related-links__name")
