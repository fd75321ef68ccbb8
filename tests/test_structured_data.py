"""schema.org JSON-LD: parsed out of the served HTML and checked against the models and the visible text."""

import json
from datetime import date

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest
from bs4 import BeautifulSoup

from pages.settings import ContactSettings
from tests.page_text import parse

pytestmark = pytest.mark.django_db


def json_ld(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [json.loads(script.string) for script in page.find_all("script", type="application/ld+json")]


def visible_text(response):
    page = parse(response.content)
    for script in page.find_all("script"):
        script.decompose()
    return " ".join(page.get_text(" ").split())


def the_program(client, path):
    (data,) = json_ld(client.get(path))
    return data


@pytest.mark.parametrize("path", ["/", "/apply/"])
def test_program_is_described_from_the_models(client, home, apply_page, site, path):
    contact = ContactSettings.for_site(site)

    data = the_program(client, path)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "EducationalOccupationalProgram"
    assert data["name"] == home.title
    assert data["description"] == home.listing_summary
    assert data["url"] == home.get_full_url()
    assert data["applicationDeadline"] == "2023-09-26"
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "propertyID": "NRMP program code",
        "value": apply_page.nrmp_code,
        "description": "primary care categorical",
    }
    assert data["occupationalCategory"]["codeValue"] == "29-1216.00"
    provider = data["provider"]
    assert provider["@type"] == "Hospital"
    assert provider["name"] == contact.organization == "Massachusetts General Hospital"
    assert provider["department"] == {"@type": "MedicalOrganization", "name": contact.department}
    assert provider["address"] == {
        "@type": "PostalAddress",
        "streetAddress": contact.street_address,
        "addressLocality": contact.city,
        "addressRegion": contact.state,
        "postalCode": contact.postal_code,
    }
    assert provider["contactPoint"] == {
        "@type": "ContactPoint",
        "contactType": "admissions",
        "telephone": contact.phone,
        "faxNumber": contact.fax,
        "email": contact.email,
    }


@pytest.mark.parametrize("path", ["/", "/apply/"])
def test_unknown_facts_are_left_out_of_the_program(client, site, path):
    data = the_program(client, path)

    for key in ("programPrerequisites", "maximumEnrollment", "trainingSalary", "applicationStartDate"):
        assert key not in data


@pytest.mark.parametrize("path", ["/", "/apply/"])
def test_every_stated_text_is_visible_on_the_page(client, site, path):
    response = client.get(path)
    data = the_program(client, path)
    text = visible_text(response)
    provider = data["provider"]

    for value in [
        data["identifier"]["value"],
        provider["name"],
        provider["department"]["name"],
        provider["address"]["streetAddress"],
        provider["contactPoint"]["telephone"],
        provider["contactPoint"]["faxNumber"],
        provider["contactPoint"]["email"],
        "September 26, 2023",
    ]:
        assert value in text
    if path == "/":
        assert data["name"] in text
        assert data["description"] in text


def test_facts_an_editor_sets_reach_the_structured_data(client, apply_page):
    apply_page.exam_requirements = "USMLE Step 1 and Step 2 CK"
    apply_page.positions_per_year = 8
    apply_page.application_open_date = date(2031, 9, 4)
    apply_page.salaries = [
        ("year", {"pgy": 2, "salary": 81500, "note": ""}),
        ("year", {"pgy": 1, "salary": 78000, "note": ""}),
    ]
    apply_page.save_revision().publish()

    data = the_program(client, "/apply/")

    assert data["programPrerequisites"] == ["Exam requirements: USMLE Step 1 and Step 2 CK"]
    assert data["maximumEnrollment"] == 8
    assert data["applicationStartDate"] == "2031-09-04"
    assert [(s["name"], s["currency"], s["median"]) for s in data["trainingSalary"]] == [
        ("PGY-1", "USD", 78000),
        ("PGY-2", "USD", 81500),
    ]
    assert the_program(client, "/") == data


def test_markup_in_content_cannot_break_out_of_the_script(client, home):
    home.listing_summary = 'Training </script><script>alert("x")</script> & more'
    home.save_revision().publish()

    response = client.get("/")

    assert the_program(client, "/")["description"] == home.listing_summary
    head = response.content.decode().split("</head>")[0]
    assert "<script>alert" not in head


def test_sections_without_program_data_have_none(client, site):
    for path in ["/curriculum/", "/health-equity/", "/career-development/"]:
        assert json_ld(client.get(path)) == []


def test_directory_lists_each_public_person(client, site, staff):
    response = client.get("/faculty-and-staff/")
    (data,) = json_ld(response)
    people = {person["name"]: person for person in data["@graph"]}
    text = visible_text(response)

    assert data["@context"] == "https://schema.org"
    assert set(people) == {"William Kormos", "Alaka Ray", "Sarah Kler", "Laura Ricci", "Diane Ford"}
    assert people["William Kormos"] == {
        "@type": "Person",
        "name": "William Kormos",
        "honorificSuffix": "MD",
        "jobTitle": staff["kormos"].title,
        "worksFor": {"@type": "Hospital", "name": "Massachusetts General Hospital"},
    }
    assert "honorificSuffix" not in people["Laura Ricci"]
    for person in people.values():
        assert person["name"] in text
        assert person["jobTitle"] in text


def test_directory_states_an_email_only_when_public(client, site, staff):
    kler, ricci = staff["kler"], staff["ricci"]
    kler.email, kler.email_public = "skler@example.org", True
    kler.save_revision().publish()
    ricci.email, ricci.email_public = "lricci@example.org", False
    ricci.save_revision().publish()

    response = client.get("/faculty-and-staff/")
    people = {person["name"]: person for person in json_ld(response)[0]["@graph"]}

    assert people["Sarah Kler"]["email"] == "skler@example.org"
    assert "email" not in people["Laura Ricci"]
    assert "lricci@example.org" not in response.content.decode()


def test_directory_leaves_out_drafts_and_people_who_left(client, site, staff):
    staff["ford"].active = False
    staff["ford"].save_revision().publish()
    staff["ray"].unpublish()

    names = [person["name"] for person in json_ld(client.get("/faculty-and-staff/"))[0]["@graph"]]

    assert "Diane Ford" not in names
    assert "Alaka Ray" not in names


def test_directory_gives_the_photo_the_page_shows(client, site, staff):
    photo = Image.objects.create(title="Portrait", file=get_test_image_file())
    staff["kler"].photo = photo
    staff["kler"].save_revision().publish()

    response = client.get("/faculty-and-staff/")
    people = {person["name"]: person for person in json_ld(response)[0]["@graph"]}
    srcset = BeautifulSoup(response.content, "html.parser").find("img", class_="staff-card__photo")["srcset"]
    shown = [candidate.split()[0] for candidate in srcset.split(", ")]

    # The sharpest of the JPEGs the card offers.
    assert people["Sarah Kler"]["image"] == f"http://testserver{shown[-1]}"
