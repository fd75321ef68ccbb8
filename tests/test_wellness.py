"""The Wellness page: the seed's retreats, a named wellness lead with their portrait, items grouped by kind."""

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from pages.models import CurriculumPage, WellnessPage
from tests.conftest import client_for
from tests.page_text import parse

pytestmark = pytest.mark.django_db

RETREATS = "Retreats and Primary Care Special Sessions"


@pytest.fixture
def wellness(site):
    return WellnessPage.objects.get()


def wellness_headings(main):
    return [h.get_text(strip=True) for h in main.select("h2[id^=wellness-]")]


def main_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return parse(response.content).find("main")


def test_seeded_wellness_page_tells_the_retreats_under_their_kind(client, wellness):
    main = main_of(client, "/wellness/")

    assert main.find("h1").get_text(strip=True) == "Resident Wellness"
    assert wellness_headings(main) == ["Retreats and special sessions"]
    assert [h.get_text(strip=True) for h in main.find_all("h3")] == [RETREATS]
    assert "build primary care-focused and advocacy skills" in main.get_text()


def test_seeded_wellness_page_names_no_lead_the_source_does_not_state(client, wellness):
    assert wellness.wellness_lead is None
    assert "Wellness lead" not in main_of(client, "/wellness/").get_text()


def test_curriculum_names_the_retreats_and_links_to_the_wellness_page(client, wellness):
    main = main_of(client, "/curriculum/")

    link = main.find("a", string=RETREATS)
    assert link["href"] == "/wellness/#wellness-retreat-heading"
    headings = [h.get_text(strip=True) for h in main.find_all("h3")]
    assert headings == [RETREATS, "Designer Blocks", "Optional Longitudinal Second Site"]
    # The text itself lives once, on the Wellness page.
    assert "come together as a community" not in main.get_text()
    assert CurriculumPage.objects.get().enhanced_items.raw_data[0]["value"]["heading"] == "Designer Blocks"


def test_the_lead_is_shown_with_portrait_title_and_public_email(client, wellness, staff):
    lead = staff["kler"]
    lead.photo = Image.objects.create(title="Portrait", file=get_test_image_file(size=(400, 400)))
    lead.email, lead.email_public = "skler@example.org", True
    lead.save_revision().publish()
    wellness.wellness_lead = lead
    wellness.save_revision().publish()

    section = main_of(client, "/wellness/").find("section", class_="wellness-lead")

    assert section.find("h2").get_text(strip=True) == "Wellness lead"
    assert section.find("h3").get_text(strip=True) == lead.display_name
    assert section.find(class_="staff-card__title").get_text(strip=True) == lead.title
    assert section.find("img", alt="") is not None
    assert section.find("a", href="mailto:skler@example.org") is not None


def test_a_lead_who_left_is_not_shown(client, wellness, staff):
    lead = staff["kler"]
    wellness.wellness_lead = lead
    wellness.save_revision().publish()
    assert "Wellness lead" in main_of(client, "/wellness/").get_text()  # control

    lead.active = False
    lead.save_revision().publish()

    assert "Wellness lead" not in main_of(client, "/wellness/").get_text()


def test_items_are_grouped_by_kind_in_the_kinds_order(client, wellness):
    wellness.items = [
        ("item", {"kind": "community", "title": "Resident dinners", "description": "<p>Monthly.</p>"}),
        ("item", {"kind": "mentorship", "title": "Career mentors", "description": "<p>Matched in July.</p>"}),
        ("item", {"kind": "retreat", "title": "Fall retreat", "description": "<p>Two days.</p>"}),
    ]
    wellness.save_revision().publish()

    main = main_of(client, "/wellness/")

    assert wellness_headings(main) == [
        "Retreats and special sessions",
        "Mentorship",
        "Community",
    ]
    assert [h.get_text(strip=True) for h in main.find_all("h3")] == [
        "Fall retreat",
        "Career mentors",
        "Resident dinners",
    ]


def test_program_manager_sets_the_lead_and_items_in_the_admin(client, program_manager, wellness, staff):
    manager = client_for(program_manager)
    data = nested_form_data(
        {
            "title": wellness.title,
            "slug": wellness.slug,
            "nav_title": "",
            "listing_summary": wellness.listing_summary,
            "seo_title": "",
            "search_description": wellness.search_description,
            "intro": rich_text("<p>Residents look after each other.</p>"),
            "wellness_lead": staff["ricci"].pk,
            "items": streamfield(
                [
                    (
                        "item",
                        {
                            "kind": "mentorship",
                            "title": "Peer mentors",
                            "description": rich_text("<p>Each intern.</p>"),
                        },
                    )
                ]
            ),
            "body": streamfield([]),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            "action-publish": "action-publish",
        }
    )

    response = manager.post(f"/admin/pages/{wellness.pk}/edit/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    main = main_of(client, "/wellness/")
    assert "Residents look after each other." in main.get_text()
    assert main.find("section", class_="wellness-lead").find("h3").get_text(strip=True) == staff["ricci"].display_name
    assert [h.get_text(strip=True) for h in main.find_all("h3")][-1] == "Peer mentors"


def test_wellness_item_without_a_title_is_refused(admin, wellness):
    data = nested_form_data(
        {
            "title": wellness.title,
            "slug": wellness.slug,
            "items": streamfield(
                [("item", {"kind": "retreat", "title": "", "description": rich_text("<p>Two days.</p>")})]
            ),
            "body": streamfield([]),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            "action-publish": "action-publish",
        }
    )

    response = admin.post(f"/admin/pages/{wellness.pk}/edit/", data)

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    wellness.refresh_from_db()
    assert wellness.items[0].value["title"] == RETREATS


def test_the_editor_explains_what_applicants_look_for(admin, wellness):
    html = admin.get(f"/admin/pages/{wellness.pk}/edit/").content.decode()

    assert "Applicants look for a named person" in html
    assert "Applicants look for protected time away" in html
