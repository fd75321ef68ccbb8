"""Faculty & staff in the admin: bulk publish/unpublish, history with who and when, compare and restore."""

from django.test import Client

from wagtail.models import ModelLogEntry, PageLogEntry

import pytest
from bs4 import BeautifulSoup

from staff.models import StaffMember

BULK = "/admin/bulk/staff/staffmember/{action}/?id={a}&id={b}"


@pytest.fixture
def as_director(director):
    client = Client()
    client.force_login(director)
    return client


def draft(member, **changes):
    for field, value in changes.items():
        setattr(member, field, value)
    member.save_revision()
    return member


def test_staff_listing_offers_bulk_publish_and_unpublish(as_director):
    html = as_director.get("/admin/snippets/staff/staffmember/").content.decode()
    assert "/admin/bulk/staff/staffmember/publish/" in html
    assert "/admin/bulk/staff/staffmember/unpublish/" in html


def test_director_bulk_publishes_drafts(client, as_director, staff, directory):
    ray, kler = draft(staff["ray"], title="Director of Admissions"), draft(staff["kler"], title="Chief of Staff")
    url = BULK.format(action="publish", a=ray.pk, b=kler.pk)
    assert "Yes, publish" in as_director.get(url).content.decode()

    assert as_director.post(url).status_code == 302

    page = client.get(directory.url).content.decode()
    assert "Director of Admissions" in page
    assert "Chief of Staff" in page


def test_director_bulk_unpublishes(client, as_director, staff, directory):
    url = BULK.format(action="unpublish", a=staff["ray"].pk, b=staff["kler"].pk)
    as_director.post(url)
    assert set(StaffMember.objects.filter(live=False).values_list("pk", flat=True)) == {
        staff["ray"].pk,
        staff["kler"].pk,
    }
    assert staff["ray"].name not in client.get(directory.url).content.decode()


def test_bulk_publish_leaves_a_record_a_colleague_has_locked(as_director, django_user_model, staff):
    colleague = django_user_model.objects.create_user("colleague", "colleague@example.org", "a-long-test-password")
    locked = draft(staff["ray"], title="Locked draft title")
    StaffMember.objects.filter(pk=locked.pk).update(locked=True, locked_by=colleague)
    url = BULK.format(action="publish", a=locked.pk, b=staff["kler"].pk)

    as_director.post(url)

    locked.refresh_from_db()
    assert locked.title != "Locked draft title"


def test_program_manager_cannot_bulk_publish(pm_client, staff):
    member = draft(staff["ray"], title="Not approved")
    url = BULK.format(action="publish", a=member.pk, b=staff["kler"].pk)
    assert "have permission to publish these records" in pm_client.get(url).content.decode()
    pm_client.post(url)
    member.refresh_from_db()
    assert member.title != "Not approved"


def test_staff_history_names_who_changed_what_and_when(as_director, director, staff):
    member = staff["ford"]
    url = f"/admin/snippets/staff/staffmember/edit/{member.pk}/"
    as_director.post(url.replace("edit", "unpublish"))
    entry = ModelLogEntry.objects.filter(object_id=str(member.pk), action="wagtail.unpublish").get()
    assert entry.user == director

    html = as_director.get(f"/admin/snippets/staff/staffmember/history/{member.pk}/").content.decode()
    assert "Unpublished" in html
    assert "director" in html


def test_staff_revisions_compare_and_restore(as_director, staff):
    member = staff["kormos"]
    first = member.latest_revision
    second = draft(member, title="Emeritus").latest_revision
    base = f"/admin/snippets/staff/staffmember/history/{member.pk}/revisions"

    compare = as_director.get(f"{base}/compare/{first.pk}...{second.pk}/").content.decode()
    assert "Emeritus" in compare

    restore = as_director.get(f"{base}/{first.pk}/revert/")
    assert restore.status_code == 200
    assert first.content["title"] in restore.content.decode()


def test_page_history_and_compare_for_a_program_manager(pm_client, program_manager, curriculum):
    curriculum.listing_summary = "A revised summary."
    revision = curriculum.save_revision(user=program_manager, log_action=True)
    revision.publish(user=program_manager)

    assert PageLogEntry.objects.filter(page=curriculum, user=program_manager, action="wagtail.publish").exists()
    history = pm_client.get(f"/admin/pages/{curriculum.pk}/history/").content.decode()
    assert "pm" in history
    compare = pm_client.get(f"/admin/pages/{curriculum.pk}/revisions/compare/earliest...{revision.pk}/")
    assert "A revised summary." in compare.content.decode()
    restore = pm_client.get(f"/admin/pages/{curriculum.pk}/revisions/{curriculum.revisions.earliest('pk').pk}/revert/")
    assert restore.status_code == 200


def status_cells(html):
    """{record name: the text of its Status cell} in the staff listing."""
    soup = BeautifulSoup(html, "html.parser")
    headings = [th.get_text(" ", strip=True) for th in soup.select("table.listing thead th")]
    cells = {}
    for row in soup.select("table.listing tbody tr"):
        tds = row.find_all("td", recursive=False)
        name = tds[headings.index("Name")].find("a").get_text(strip=True)
        cells[name] = tds[headings.index("Status")].get_text(strip=True)
    return cells


def test_staff_listing_shows_which_records_are_live(as_director, staff):
    as_director.post(f"/admin/snippets/staff/staffmember/unpublish/{staff['ford'].pk}/")
    draft(staff["kler"], title="Ambulatory Chief Resident, Class of 2026")

    cells = status_cells(as_director.get("/admin/snippets/staff/staffmember/").content.decode())

    assert cells["Diane Ford"] == "draft"
    assert cells["Sarah Kler"] == "live + draft"
    assert cells["Laura Ricci"] == "live"
