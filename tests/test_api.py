"""The read-only API: live, public data only; no drafts, no people who left, no private email."""

import json

from django.core.cache import cache

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

import pytest

from pages.models import StandardPage
from residency.api import APIThrottle
from staff.models import StaffMember

pytestmark = pytest.mark.django_db

PRIVATE_PAGE_FIELDS = {
    "owner",
    "draft_title",
    "latest_revision",
    "has_unpublished_changes",
    "locked_by",
    "content_type",
}
STAFF_FIELDS = {
    "id",
    "meta",
    "name",
    "credentials",
    "display_name",
    "title",
    "category",
    "category_label",
    "bio",
    "public_email",
    "photo",
}


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def get_json(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def page_ids(client):
    return {item["id"] for item in get_json(client, "/api/v2/pages/?limit=20")["items"]}


def staff_names(client):
    return [item["name"] for item in get_json(client, "/api/v2/staff/?limit=20")["items"]]


def every_response(client):
    """The raw bodies of every listing and detail the API offers, with every field."""
    bodies = []
    for endpoint in ("pages", "images", "staff"):
        listing = client.get(f"/api/v2/{endpoint}/?fields=*&limit=20")
        bodies.append(listing.content.decode())
        for item in listing.json()["items"]:
            bodies.append(client.get(f"/api/v2/{endpoint}/{item['id']}/").content.decode())
    return bodies


def test_pages_endpoint_lists_the_live_pages(client, site, home, apply_page):
    assert page_ids(client) == {page.pk for page in home.get_descendants(inclusive=True).live()}


def test_draft_and_private_pages_are_never_returned(client, home):
    draft = home.add_child(instance=StandardPage(title="Unannounced open house", slug="open-house", live=False))
    private = home.add_child(instance=StandardPage(title="Screeners only", slug="screeners"))
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="s3cret-pass")

    assert draft.pk not in page_ids(client)
    assert private.pk not in page_ids(client)
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404
    assert all("Unannounced" not in body and "Screeners" not in body for body in every_response(client))


def test_unpublished_changes_stay_out_of_the_api(client, apply_page):
    apply_page.title = "Draft title"
    apply_page.positions_per_year = 99
    apply_page.save_revision()

    data = get_json(client, f"/api/v2/pages/{apply_page.pk}/")

    assert data["title"] == "Application Process"
    assert data["positions_per_year"] is None


def test_no_page_response_carries_a_private_field(client, site):
    for page_id in page_ids(client):
        data = get_json(client, f"/api/v2/pages/{page_id}/?fields=*")
        assert not PRIVATE_PAGE_FIELDS & (set(data) | set(data["meta"]))


def test_apply_page_gives_the_facts_from_the_model(client, apply_page, staff):
    apply_page.positions_per_year = 8
    apply_page.visa_sponsorship = "j1"
    apply_page.salaries = [("year", {"pgy": 1, "salary": 78000, "note": ""})]
    apply_page.application_contact = staff["ricci"]
    apply_page.save_revision().publish()

    data = get_json(client, f"/api/v2/pages/{apply_page.pk}/")

    assert data["nrmp_code"] == "1261140M0"
    assert data["nrmp_track_type"] == "primary care categorical"
    assert data["eras_participation"] is True
    assert data["application_deadline"] == "2023-09-26T23:59:00-04:00"
    assert data["deadline_state"] == "passed"
    assert data["positions_per_year"] == 8
    assert data["visa_sponsorship"] == "j1"
    assert [block["value"] for block in data["salaries"]] == [{"pgy": 1, "salary": 78000, "note": ""}]
    assert [block["value"] for block in data["other_tracks"]] == ["Categorical"]
    assert data["application_contact"]["display_name"] == "Laura Ricci"
    assert [(fact["label"], fact["value"]) for fact in data["program_facts"]] == [
        (fact.label, fact.value) for fact in apply_page.program_facts()
    ]


def test_application_contact_hides_a_private_email_and_people_who_left(client, apply_page, staff):
    ricci = staff["ricci"]
    ricci.email, ricci.email_public = "lricci@example.org", False
    ricci.save_revision().publish()
    apply_page.application_contact = ricci
    apply_page.save_revision().publish()

    data = get_json(client, f"/api/v2/pages/{apply_page.pk}/")
    assert data["application_contact"]["public_email"] == ""
    assert "lricci@example.org" not in json.dumps(data)

    ricci.active = False
    ricci.save_revision().publish()
    assert get_json(client, f"/api/v2/pages/{apply_page.pk}/")["application_contact"] is None


def test_staff_endpoint_lists_live_active_people_in_the_directors_order(client, site):
    assert staff_names(client) == ["William Kormos", "Alaka Ray", "Sarah Kler", "Laura Ricci", "Diane Ford"]


def test_draft_and_inactive_staff_are_never_returned(client, staff):
    draft = StaffMember.objects.create(name="New Hire", title="Coordinator", live=False)
    staff["ford"].active = False
    staff["ford"].save_revision().publish()

    assert "New Hire" not in staff_names(client)
    assert "Diane Ford" not in staff_names(client)
    assert client.get(f"/api/v2/staff/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v2/staff/{staff['ford'].pk}/").status_code == 404
    assert all("New Hire" not in body and "Diane Ford" not in body for body in every_response(client))


def test_staff_expose_only_public_fields(client, staff):
    kler = staff["kler"]
    kler.email, kler.email_public, kler.phone = "skler@example.org", False, "617-555-0101"
    kler.save_revision().publish()

    data = get_json(client, f"/api/v2/staff/{kler.pk}/")

    assert set(data) == STAFF_FIELDS
    assert data["public_email"] == ""
    assert all("skler@example.org" not in body and "555-0101" not in body for body in every_response(client))


def test_public_email_is_given_when_the_record_allows(client, staff):
    kler = staff["kler"]
    kler.email, kler.email_public = "skler@example.org", True
    kler.save_revision().publish()

    assert get_json(client, f"/api/v2/staff/{kler.pk}/")["public_email"] == "skler@example.org"


@pytest.mark.parametrize("query", ["email=skler@example.org", "order=email", "fields=email", "phone=617-555-0101"])
def test_private_staff_fields_cannot_be_filtered_sorted_or_asked_for(client, staff, query):
    kler = staff["kler"]
    kler.email, kler.phone = "skler@example.org", "617-555-0101"
    kler.save_revision().publish()

    assert client.get(f"/api/v2/staff/?{query}").status_code == 400


def test_staff_can_be_listed_by_category(client, site):
    resident = StaffMember.objects.create(name="Jordan Lee", credentials="MD", title="PGY-2", category="residents")
    resident.save_revision().publish()

    assert [item["name"] for item in get_json(client, "/api/v2/staff/?category=residents")["items"]] == ["Jordan Lee"]


def test_staff_photo_is_a_rendition(client, staff):
    staff["kler"].photo = Image.objects.create(title="Portrait", file=get_test_image_file())
    staff["kler"].save_revision().publish()

    photo = get_json(client, f"/api/v2/staff/{staff['kler'].pk}/")["photo"]

    assert photo["url"].startswith("/media/images/")
    assert photo["width"] == photo["height"]


def test_images_endpoint_lists_images(client, site):
    image = Image.objects.create(title="Mass General campus", file=get_test_image_file())

    titles = [item["title"] for item in get_json(client, "/api/v2/images/")["items"]]

    assert image.title in titles


def test_api_answers_json_with_a_shared_cache_lifetime(client, site):
    response = client.get("/api/v2/pages/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")

    assert response["Content-Type"] == "application/json"
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]


def test_api_is_rate_limited(client, site, monkeypatch):
    monkeypatch.setattr(APIThrottle, "rate", "3/minute", raising=False)

    statuses = [client.get("/api/v2/staff/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_logged_in_editors_get_the_same_public_answer(admin, staff):
    draft = StaffMember.objects.create(name="New Hire", title="Coordinator", live=False)

    names = [item["name"] for item in admin.get("/api/v2/staff/").json()["items"]]

    assert draft.name not in names


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/",
        "/api/v2/pages/?type=pages.ApplicationProcessPage&fields=*",
        "/api/v2/pages/find/?html_path=/apply/",
        "/api/v2/pages/?type=pages.ApplicationProcessPage&fields=program_facts",
        "/api/v2/staff/",
        "/api/v2/staff/?category=residents&fields=*",
        "/api/v2/images/",
    ],
)
def test_readme_examples_answer(client, site, url):
    assert client.get(url, follow=True).status_code == 200
