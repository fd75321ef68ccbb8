"""A resident's or alumnus's publish, unpublish or deletion shows at once where they are shown, and only there."""

from wagtail.test.utils.form_data import querydict_from_html

import pytest

from residency import invalidation
from staff.models import Alumnus, Resident
from tests.conftest import text, visit, warm

pytestmark = pytest.mark.django_db


def publish_in_admin(admin, model_name, record, **changes):
    url = f"/admin/snippets/staff/{model_name}/edit/{record.pk}/"
    data = querydict_from_html(admin.get(url).content.decode(), form_id="w-editor-form")
    data.update(changes)
    data["action-publish"] = "action-publish"
    response = admin.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.fixture
def maya(site):
    resident = Resident.objects.create(name="Maya Chen", year=1, live=True)
    resident.save_revision().publish()
    return resident


@pytest.fixture
def ana(site):
    alumnus = Alumnus.objects.create(name="Ana Ortiz", graduation_year=2031, position_kind="practice", live=True)
    alumnus.save_revision().publish()
    return alumnus


def test_resident_published_shows_on_the_residents_page_and_leaves_other_pages_cached(admin, residents_page, maya):
    warm("/residents/", "/curriculum/", "/apply/")

    publish_in_admin(admin, "resident", maya, hometown="Worcester, MA")

    assert "Worcester, MA" in text("/residents/")
    assert visit("/curriculum/")["X-Cache"] == "hit"
    assert visit("/apply/")["X-Cache"] == "hit"


def test_resident_unpublished_leaves_the_residents_page_at_once(admin, residents_page, maya):
    warm("/residents/")
    assert "Maya Chen" in text("/residents/")

    assert admin.post(f"/admin/snippets/staff/resident/unpublish/{maya.pk}/").status_code == 302

    assert "Maya Chen" not in text("/residents/")


def test_resident_deleted_leaves_the_residents_page_at_once(admin, residents_page, maya):
    warm("/residents/")

    assert admin.post(f"/admin/snippets/staff/resident/delete/{maya.pk}/").status_code == 302

    assert "Maya Chen" not in text("/residents/")


def test_alumnus_published_shows_on_the_graduates_page_and_in_the_facts(admin, graduates_page, ana):
    warm("/where-graduates-went/", "/apply/", "/", "/curriculum/")
    assert "Clinical practice: 1 of 1" in text("/apply/")

    publish_in_admin(admin, "alumnus", ana, position_kind="fellowship", institution="Boston Medical Center")

    assert "Fellowship: Boston Medical Center" in text("/where-graduates-went/")
    assert "Fellowship: 1 of 1" in text("/apply/")
    assert "Fellowship: 1 of 1" in text("/")
    assert visit("/curriculum/")["X-Cache"] == "hit"


def test_alumnus_unpublished_or_deleted_leaves_the_graduates_page_and_the_facts(admin, graduates_page, ana):
    other = Alumnus.objects.create(name="Ben Okafor", graduation_year=2031, position_kind="fellowship", live=True)
    warm("/where-graduates-went/", "/apply/")

    assert admin.post(f"/admin/snippets/staff/alumnus/unpublish/{ana.pk}/").status_code == 302
    assert "Ana Ortiz" not in text("/where-graduates-went/")
    assert "Fellowship: 1 of 1" in text("/apply/")

    assert admin.post(f"/admin/snippets/staff/alumnus/delete/{other.pk}/").status_code == 302
    assert "Ben Okafor" not in text("/where-graduates-went/")
    assert "Where recent graduates went" not in text("/apply/")


def test_the_graduation_shows_on_both_pages_at_once(director_client, residents_page, graduates_page, maya):
    Resident.objects.create(name="Grace Mensah", year=3, live=True)
    warm("/residents/", "/where-graduates-went/", "/apply/")

    assert director_client.post("/admin/residents/graduation/", {"graduation_year": "2031"}).status_code == 302

    residents = text("/residents/")
    assert "Maya Chen" in residents and "Grace Mensah" not in residents
    assert "Grace Mensah" in text("/where-graduates-went/")


def test_what_people_changes_show_on(site, residents_page, graduates_page, maya, ana):
    assert invalidation.resident_changed(maya) == {"/residents/"}
    assert invalidation.alumnus_changed(ana) == {"/where-graduates-went/", "/", "/apply/"}
