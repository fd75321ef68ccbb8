"""The faculty & staff directory: grouping, order, visibility and edits reaching every page."""

import pytest
from bs4 import BeautifulSoup

from staff.models import StaffMember
from tests.conftest import post_edit

pytestmark = pytest.mark.django_db


def directory_groups(client):
    """[(group heading, [names…]), …] as the public directory shows them."""
    main = BeautifulSoup(client.get("/faculty-and-staff/").content, "html.parser").find("main")
    groups = []
    for section in main.find_all("section", class_="staff-group"):
        heading = section.find("h2")
        names = [name.get_text(" ", strip=True) for name in section.find_all(class_="staff-card__name")]
        groups.append((heading.get_text(strip=True), names))
    return groups


def test_directory_groups_staff_by_category_in_category_order(client, site):
    assert directory_groups(client) == [
        ("Program leadership", ["William Kormos, MD", "Alaka Ray, MD"]),
        ("Chief residents", ["Sarah Kler, MD"]),
        ("Program staff", ["Laura Ricci", "Diane Ford"]),
    ]


def test_directory_follows_the_manual_order(client, staff):
    staff["ford"].sort_order = 0
    staff["ford"].save()
    staff["ricci"].sort_order = 10
    staff["ricci"].save()

    assert ("Program staff", ["Diane Ford", "Laura Ricci"]) in directory_groups(client)


def test_inactive_staff_are_hidden(client, staff):
    staff["ricci"].active = False
    staff["ricci"].save()

    assert ("Program staff", ["Diane Ford"]) in directory_groups(client)


def test_draft_staff_member_is_hidden_until_published(client, admin, site):
    member = StaffMember(
        name="Jordan Lee", credentials="MD", title="Primary Care Chief Resident", category="chief_residents"
    )
    member.live = False
    member.save()
    member.save_revision()

    assert "Jordan Lee" not in client.get("/faculty-and-staff/").content.decode()

    member.get_latest_revision().publish()
    assert ("Chief residents", ["Sarah Kler, MD", "Jordan Lee, MD"]) in directory_groups(client)


def test_rename_published_in_admin_appears_in_directory_and_letter(client, admin, staff):
    response = post_edit(admin, staff["kormos"], "action-publish", name="William J. Kormos")

    assert response.status_code == 302
    assert "William J. Kormos, MD" in client.get("/faculty-and-staff/").content.decode()
    assert "William J. Kormos, MD" in client.get("/").content.decode()


def test_draft_edit_leaves_the_public_directory_unchanged(client, admin, staff):
    response = post_edit(admin, staff["kler"], "action-save", title="Primary Care Chief Resident")

    assert response.status_code == 302
    directory = client.get("/faculty-and-staff/").content.decode()
    assert "Ambulatory Chief Resident" in directory
    assert "Primary Care Chief Resident" not in directory


def test_invalid_phone_gets_a_form_error_and_keeps_the_input(admin, staff):
    response = post_edit(admin, staff["ford"], "action-publish", phone="call me maybe", title="Program Manager")

    assert response.status_code == 200
    assert "Enter a phone number" in response.content.decode()
    assert 'value="Program Manager"' in response.content.decode()
    staff["ford"].refresh_from_db()
    assert staff["ford"].title == "Ambulatory Program Manager"


def test_private_email_is_not_shown_and_public_email_is_a_link(client, staff):
    staff["ricci"].email = "lricci@example.org"
    staff["ricci"].save()
    assert "lricci@example.org" not in client.get("/faculty-and-staff/").content.decode()

    staff["ricci"].email_public = True
    staff["ricci"].save()
    page = BeautifulSoup(client.get("/faculty-and-staff/").content, "html.parser")
    assert page.find("a", href="mailto:lricci@example.org")


def test_staff_without_photo_get_an_initials_placeholder(client, site):
    page = BeautifulSoup(client.get("/faculty-and-staff/").content, "html.parser")

    assert "SK" in [mark.get_text(strip=True) for mark in page.find_all(class_="staff-card__initials")]


def test_signatory_cannot_be_deleted_while_signing_the_letter(client, admin, staff):
    delete_url = f"/admin/snippets/staff/staffmember/delete/{staff['ray'].pk}/"
    assert "referenced 1 time" in admin.get(delete_url).content.decode()

    admin.post(delete_url)

    assert StaffMember.objects.filter(pk=staff["ray"].pk).exists()
    assert "Alaka Ray, MD" in client.get("/").content.decode()


def test_staff_listing_in_admin_shows_search_and_filters(admin, site):
    response = admin.get("/admin/snippets/staff/staffmember/?q=Kler")

    assert response.status_code == 200
    assert "Sarah Kler" in response.content.decode()
    assert "Laura Ricci" not in response.content.decode()
    filtered = admin.get("/admin/snippets/staff/staffmember/?category=program_staff")
    assert "Laura Ricci" in filtered.content.decode()
    assert "Sarah Kler" not in filtered.content.decode()
