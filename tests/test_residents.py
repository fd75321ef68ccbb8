"""Residents and alumni: their pages, the computed "where graduates went" fact, and editing them as each role."""

from django.contrib.auth.models import Permission
from django.test import Client

from wagtail.test.utils.form_data import querydict_from_html

import pytest

from editorial.roles import DIRECTORS, PROGRAM_MANAGERS
from pages.models import GraduatesPage, HomePage, ResidentsPage
from staff.models import Alumnus, Resident
from tests.conftest import add_sample_people, client_for, facts_of, facts_panel, refused
from tests.page_text import parse

pytestmark = pytest.mark.django_db


def groups_on(client, path, list_class):
    """[(heading, [name…]), …] of the page's listing sections, in order."""
    html = parse(client.get(path).content)
    groups = []
    for section in html.find("main").find_all("section", class_="section"):
        items = section.find("ul", class_=list_class)
        if items is None:
            continue
        names = [
            item.find(class_=["staff-card__name", "graduate__name"]).get_text(" ", strip=True)
            for item in items.find_all("li", recursive=False)
        ]
        groups.append((section.find("h2").get_text(strip=True), names))
    return groups


def card(client, path, resident):
    return parse(client.get(path).content).find(id=f"resident-{resident.pk}")


# The residents' page --------------------------------------------------------------------------------


def test_residents_page_groups_live_residents_by_year_and_leaves_out_drafts(client, residents_page):
    add_sample_people()
    Resident.objects.create(name="Draft Intern", year=1, live=False)

    assert groups_on(client, "/residents/", "staff-list") == [
        ("PGY-1", ["Luis Ortega", "Maya Chen"]),
        ("PGY-2", ["Priya Raman", "Tom Becker"]),
        ("PGY-3", ["Grace Mensah", "Sam Whitfield"]),
    ]
    assert "Draft Intern" not in client.get("/residents/").content.decode()


def test_a_year_without_residents_has_no_heading(client, residents_page):
    Resident.objects.create(name="Grace Mensah", year=3, live=True)

    assert groups_on(client, "/residents/", "staff-list") == [("PGY-3", ["Grace Mensah"])]


def test_resident_card_shows_only_the_fields_that_are_set(client, residents_page):
    full = Resident.objects.create(
        name="Maya Chen",
        pronouns="she/her",
        year=1,
        hometown="Worcester, MA",
        medical_school="UMass Chan Medical School",
        clinic_site="MGH Chelsea HealthCare Center",
        interests="Addiction medicine",
        live=True,
    )
    bare = Resident.objects.create(name="Luis Ortega", year=1, live=True)

    shown = card(client, "/residents/", full)
    assert shown.find("h3").get_text(" ", strip=True) == "Maya Chen (she/her)"
    assert facts_of(shown) == {
        "Hometown": "Worcester, MA",
        "Medical school": "UMass Chan Medical School",
        "Continuity clinic": "MGH Chelsea HealthCare Center",
        "Interests": "Addiction medicine",
    }
    assert shown.find(class_="staff-card__initials").get_text(strip=True) == "MC"
    bare_card = card(client, "/residents/", bare)
    assert bare_card.find("h3").get_text(strip=True) == "Luis Ortega"
    assert bare_card.find("dl") is None


def test_people_pages_sit_under_the_overview_once_and_stay_out_of_the_main_menu(client, residents_page, graduates_page):
    for model in (ResidentsPage, GraduatesPage):
        assert model.allowed_parent_page_models() == [HomePage]
        assert model.max_count == 1
        assert not model.allowed_subpage_models()
    nav = parse(client.get("/").content).find("nav", attrs={"aria-label": "Main"})
    labels = [link.get_text(strip=True) for link in nav.find_all("a")]
    assert "Curriculum" in labels
    assert "Meet our residents" not in labels and "Where graduates went" not in labels


def test_directory_and_careers_link_to_the_people_pages_once_they_exist(client, residents_page, graduates_page):
    directory = parse(client.get("/faculty-and-staff/").content).find("main")
    assert directory.find("a", href="/residents/").get_text(strip=True) == "Meet our residents"
    careers = parse(client.get("/career-development/").content).find("main")
    assert careers.find("a", href="/where-graduates-went/").get_text(strip=True) == "Where graduates went"


def test_directory_and_careers_have_no_people_links_without_the_pages(client, site):
    assert 'href="/residents/"' not in client.get("/faculty-and-staff/").content.decode()
    assert 'href="/where-graduates-went/"' not in client.get("/career-development/").content.decode()
    assert client.get("/career-development/").status_code == 200


# Where graduates went -------------------------------------------------------------------------------


def test_graduates_page_lists_classes_newest_first_with_each_position(client, graduates_page):
    add_sample_people()
    Alumnus.objects.create(name="Draft Graduate", graduation_year=2031, live=False)

    assert groups_on(client, "/where-graduates-went/", "graduate-list") == [
        ("Class of 2031", ["Ana Ortiz", "Ben Okafor"]),
        ("Class of 2030", ["Chloe Park", "Dev Patel"]),
    ]
    html = parse(client.get("/where-graduates-went/").content)
    positions = [item.get_text(" | ", strip=True) for item in html.select(".graduate-list li")]
    assert positions == [
        "Ana Ortiz | Clinical practice: General internal medicine, Massachusetts General Hospital",
        "Ben Okafor | Fellowship: Addiction medicine, Boston Medical Center",
        "Chloe Park | Fellowship: Health services research, Brigham and Women's Hospital",
        "Dev Patel | Public service: Boston Public Health Commission",
    ]
    assert "Draft Graduate" not in html.get_text()


def test_graduates_summary_is_counted_from_the_records(client, graduates_page):
    add_sample_people()
    Alumnus.objects.create(name="Eli Stone", graduation_year=2031, live=True)  # next position not yet known
    Alumnus.objects.create(name="Old Timer", graduation_year=2020, position_kind="practice", live=True)  # not recent

    summary = parse(client.get("/where-graduates-went/").content).find("section", class_="graduate-summary")

    assert summary.find("h2").get_text(strip=True) == "At a glance: classes of 2030–2031"
    assert facts_of(summary) == {"Fellowship": "2 of 5", "Clinical practice": "1 of 5", "Public service": "1 of 5"}
    assert summary.find("p").get_text(strip=True) == "1 of 5 graduates not yet recorded."


def test_graduates_page_without_records_has_no_summary(client, graduates_page):
    html = parse(client.get("/where-graduates-went/").content)
    assert html.find("h1").get_text(strip=True) == "Where graduates went"
    assert html.find("section", class_="graduate-summary") is None
    assert html.find("ul", class_="graduate-list") is None


def test_where_graduates_went_fact_is_computed_from_live_alumni(client, site):
    add_sample_people()
    Alumnus.objects.create(name="Draft Graduate", graduation_year=2031, position_kind="academic", live=False)

    facts = facts_of(facts_panel(client, "/apply/"))

    assert facts["Where recent graduates went"] == (
        "Fellowship: 2 of 4 Clinical practice: 1 of 4 Public service: 1 of 4 Classes of 2030–2031"
    )
    assert facts_of(facts_panel(client, "/"))["Where recent graduates went"] == facts["Where recent graduates went"]


def test_where_graduates_went_fact_is_left_out_without_alumni(client, site):
    facts = facts_of(facts_panel(client, "/apply/"))

    assert "NRMP program code" in facts
    assert "Where recent graduates went" not in facts


# Editing, as each role -------------------------------------------------------------------------------


@pytest.mark.parametrize("group", [DIRECTORS, PROGRAM_MANAGERS])
def test_both_roles_hold_every_people_permission(roles, group):
    held = set(
        Permission.objects.filter(group__name=group, content_type__app_label="staff").values_list("codename", flat=True)
    )
    for model in ("resident", "alumnus"):
        assert {f"{action}_{model}" for action in ("add", "change", "delete", "publish", "lock", "view")} <= held
    assert {"add_graduation", "view_graduation"} <= held


def add_resident(client, **fields):
    url = "/admin/snippets/staff/resident/add/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")
    data.update(fields)
    data["action-publish"] = "action-publish"
    return client.post(url, data)


@pytest.mark.parametrize("role_client", ["director_client", "pm_client"])
def test_each_role_adds_and_publishes_a_resident_in_the_admin(request, residents_page, role_client):
    editor = request.getfixturevalue(role_client)

    response = add_resident(editor, name="Maya Chen", year="2", medical_school="UMass Chan Medical School")

    assert response.status_code == 302, response.content.decode()[:2000]
    resident = Resident.objects.get(name="Maya Chen")
    assert resident.live and resident.year == 2
    assert resident.revisions.count() == 1
    assert groups_on(Client(), "/residents/", "staff-list") == [("PGY-2", ["Maya Chen"])]


@pytest.mark.parametrize("role_client", ["director_client", "pm_client"])
def test_each_role_adds_an_alumnus_in_the_admin(request, graduates_page, role_client):
    editor = request.getfixturevalue(role_client)
    url = "/admin/snippets/staff/alumnus/add/"
    data = querydict_from_html(editor.get(url).content.decode(), form_id="w-editor-form")
    data.update(
        name="Ana Ortiz", graduation_year="2031", position_kind="fellowship", institution="MGH", field="Geriatrics"
    )
    data["action-publish"] = "action-publish"

    assert editor.post(url, data).status_code == 302
    assert groups_on(Client(), "/where-graduates-went/", "graduate-list") == [("Class of 2031", ["Ana Ortiz"])]


def test_a_draft_resident_stays_off_the_page_until_published(director_client, residents_page):
    url = "/admin/snippets/staff/resident/add/"
    data = querydict_from_html(director_client.get(url).content.decode(), form_id="w-editor-form")
    data.update(name="Draft Intern", year="1")

    assert director_client.post(url, data).status_code == 302
    assert Resident.objects.get(name="Draft Intern").live is False
    assert "Draft Intern" not in Client().get("/residents/").content.decode()


def test_resident_preview_shows_the_card_as_the_page_does(director_client):
    resident = Resident.objects.create(name="Maya Chen", year=1, hometown="Worcester, MA", live=True)
    url = f"/admin/snippets/staff/resident/preview/{resident.pk}/"
    edit_form = director_client.get(f"/admin/snippets/staff/resident/edit/{resident.pk}/").content.decode()
    data = querydict_from_html(edit_form, form_id="w-editor-form")

    assert director_client.post(url, data).json() == {"is_valid": True, "is_available": True}
    html = parse(director_client.get(url).content)
    assert html.find("h1").get_text(strip=True) == "PGY-1"
    assert facts_of(html.find(class_="staff-card")) == {"Hometown": "Worcester, MA"}


def test_someone_without_a_role_cannot_edit_residents(django_user_model, roles):
    outsider = django_user_model.objects.create_user("outsider", "o@example.org", "a-long-test-password")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = client_for(outsider)

    assert refused(client.get("/admin/snippets/staff/resident/"))
    assert refused(client.post("/admin/snippets/staff/resident/add/", {"name": "Intruder", "year": "1"}))
    assert not Resident.objects.exists()


def test_a_program_manager_adds_the_residents_page_under_the_overview(pm_client, home):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    data = nested_form_data(
        {
            "title": "Meet our residents",
            "slug": "residents",
            "intro": rich_text("<p>Our residents come from everywhere.</p>"),
            "body": streamfield([]),
            "action-publish": "action-publish",
        }
    )
    response = pm_client.post(f"/admin/pages/add/pages/residentspage/{home.pk}/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert ResidentsPage.objects.get().live
    assert "Our residents come from everywhere." in Client().get("/residents/").content.decode()


def test_the_admin_listing_finds_residents_by_medical_school_and_filters_by_year(director_client, site):
    add_sample_people()

    found = parse(director_client.get("/admin/snippets/staff/resident/?q=Baylor").content)
    names = [link.get_text(strip=True) for link in found.select("tbody td.title a, tbody td a[href*='/edit/']")]
    assert "Priya Raman" in names and "Maya Chen" not in names
    by_year = director_client.get("/admin/snippets/staff/resident/?year=3").content.decode()
    assert "Grace Mensah" in by_year and "Maya Chen" not in by_year
