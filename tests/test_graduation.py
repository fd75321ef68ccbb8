"""The yearly graduation in the admin: one confirmed step for directors and the program manager, undoable."""

from django.test import Client

from wagtail.models import ModelLogEntry

import pytest

from staff.models import Alumnus, Graduation, Resident
from tests.conftest import add_sample_people, client_for, parse, refused

pytestmark = pytest.mark.django_db

URL = "/admin/residents/graduation/"


def years():
    return {resident.name: (resident.year, resident.live) for resident in Resident.objects.all()}


def plan_on(client):
    html = parse(client.get(URL).content)
    return {item["data-plan"]: item.get_text(" ", strip=True) for item in html.select("[data-plan]")}


def graduate(client, year="2031"):
    return client.post(URL, {"graduation_year": year})


def undo_url(graduation):
    return f"/admin/residents/graduation/{graduation.pk}/undo/"


@pytest.fixture
def people(site):
    return add_sample_people()


@pytest.mark.parametrize("role_client", ["director_client", "pm_client"])
def test_the_confirmation_page_says_what_graduating_will_do(request, people, role_client):
    editor = request.getfixturevalue(role_client)
    Resident.objects.create(name="Incoming Intern", year=1, live=False)

    assert plan_on(editor) == {
        "graduating": "2 PGY-3 residents become alumni with the graduation year below, and leave the residents' page.",
        "to_pgy3": "2 PGY-2 residents move up to PGY-3.",
        "to_pgy2": "2 PGY-1 residents move up to PGY-2.",
    }
    assert "1 draft resident record (not yet published, e.g. incoming interns) is left as it is." in (
        editor.get(URL).content.decode()
    )
    assert years()["Maya Chen"] == (1, True)  # looking changes nothing


@pytest.mark.parametrize("role_client", ["director_client", "pm_client"])
def test_each_role_graduates_the_class_in_one_step(request, people, role_client):
    editor = request.getfixturevalue(role_client)
    Resident.objects.create(name="Incoming Intern", year=1, live=False)

    response = graduate(editor)

    assert response.status_code == 302 and response["Location"] == URL
    assert years() == {
        "Maya Chen": (2, True),
        "Luis Ortega": (2, True),
        "Priya Raman": (3, True),
        "Tom Becker": (3, True),
        "Grace Mensah": (3, False),  # graduated: off the residents' page
        "Sam Whitfield": (3, False),
        "Incoming Intern": (1, False),  # a draft is left as it is
    }
    new = Alumnus.objects.filter(graduation_year=2031, graduation__isnull=False).order_by("name")
    assert [(a.name, a.live, a.position_kind, a.resident.name) for a in new] == [
        ("Grace Mensah", True, "", "Grace Mensah"),
        ("Sam Whitfield", True, "", "Sam Whitfield"),
    ]
    message = parse(editor.get(URL).content).find(class_="messages").get_text(" ", strip=True)
    assert "The class of 2031 has graduated: 2 new alumni, 4 residents moved up a year." in message


def test_each_record_keeps_the_change_as_a_revision_and_in_its_history(director_client, people):
    maya = Resident.objects.get(name="Maya Chen")

    graduate(director_client)

    maya.refresh_from_db()
    assert maya.live_revision.content["year"] == 2
    entries = ModelLogEntry.objects.for_instance(maya).order_by("timestamp", "pk")
    assert [entry.action for entry in entries][-2:] == ["wagtail.publish", "staff.graduation"]
    history = director_client.get(f"/admin/snippets/staff/resident/history/{maya.pk}/").content.decode()
    assert "Moved up to PGY-2 when the class of 2031 graduated" in history
    grace = Resident.objects.get(name="Grace Mensah")
    history = director_client.get(f"/admin/snippets/staff/resident/history/{grace.pk}/").content.decode()
    assert "Graduated with the class of 2031: now listed as an alumnus" in history


def test_the_pages_show_the_graduated_class(director_client, people, residents_page, graduates_page):
    graduate(director_client)
    visitor = Client()

    residents = visitor.get("/residents/").content.decode()
    assert "Maya Chen" in residents and "Grace Mensah" not in residents
    graduates = parse(visitor.get("/where-graduates-went/").content)
    class_2031 = graduates.find(id="class-2031-heading").find_parent("section")
    assert [name.get_text() for name in class_2031.select(".graduate__name")] == [
        "Ana Ortiz",
        "Ben Okafor",
        "Grace Mensah",
        "Sam Whitfield",
    ]


def test_undo_restores_exactly_the_years_before_and_removes_the_new_alumni(director_client, people):
    Resident.objects.filter(name="Tom Becker").update(year=1)  # so the years before are not simply one less
    before = years()
    alumni_before = set(Alumnus.objects.values_list("pk", flat=True))
    graduate(director_client)
    done = Graduation.objects.get()

    page = parse(director_client.get(undo_url(done)).content)
    assert "removes the 2 alumni records it made" in page.get_text(" ", strip=True)
    response = director_client.post(undo_url(done))

    assert response.status_code == 302
    assert years() == before
    assert set(Alumnus.objects.values_list("pk", flat=True)) == alumni_before
    done.refresh_from_db()
    assert done.undone_at is not None
    grace = Resident.objects.get(name="Grace Mensah")
    history = director_client.get(f"/admin/snippets/staff/resident/history/{grace.pk}/").content.decode()
    assert "Graduation of the class of 2031 undone: back to PGY-3" in history


def test_after_an_undo_the_class_can_graduate_again(director_client, people):
    graduate(director_client)
    director_client.post(undo_url(Graduation.objects.get()))

    assert graduate(director_client).status_code == 302
    assert Alumnus.objects.filter(graduation_year=2031, graduation__isnull=False).count() == 2


def test_only_the_latest_graduation_can_be_undone_and_only_once(director_client, people):
    graduate(director_client, "2031")
    first = Graduation.objects.get()
    graduate(director_client, "2032")
    after_both = years()

    director_client.post(undo_url(first))
    assert years() == after_both  # refused: a later graduation followed
    latest = Graduation.objects.get(graduation_year=2032)
    director_client.post(undo_url(latest))
    once = years()
    director_client.post(undo_url(latest))

    assert years() == once
    assert "Only the latest graduation can be undone" in director_client.get(undo_url(latest)).content.decode()


def test_the_same_class_cannot_graduate_twice(director_client, people):
    graduate(director_client)
    after_one = years()

    response = graduate(director_client)

    assert response.status_code == 200
    assert "The class of 2031 has already graduated." in response.content.decode()
    assert years() == after_one
    assert Graduation.objects.count() == 1


@pytest.mark.parametrize("year", ["", "20x1", "1700"])
def test_a_bad_year_is_a_form_error_and_changes_nothing(director_client, people, year):
    before = years()

    response = graduate(director_client, year)

    assert response.status_code == 200
    assert parse(response.content).find(class_="error-message") is not None
    assert years() == before
    assert not Graduation.objects.exists()


def test_nothing_to_graduate_is_said_plainly(director_client, site):
    response = graduate(director_client)

    assert response.status_code == 200
    assert "There are no live residents to graduate or advance." in response.content.decode()


def test_the_graduation_needs_the_forms_csrf_token(director, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(director)

    assert client.post(URL, {"graduation_year": "2031"}).status_code == 403
    assert years()["Maya Chen"] == (1, True)


def test_someone_without_a_role_is_refused_and_nothing_changes(django_user_model, people, roles):
    from django.contrib.auth.models import Permission

    outsider = django_user_model.objects.create_user("outsider", "o@example.org", "a-long-test-password")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = client_for(outsider)
    before = years()

    assert refused(client.get(URL))
    assert refused(graduate(client))
    assert years() == before
    assert "Graduate the class" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("role_client", ["director_client", "pm_client"])
def test_the_menu_offers_the_graduation_to_each_role(request, site, role_client):
    editor = request.getfixturevalue(role_client)

    assert URL in editor.get("/admin/").content.decode()


def test_undo_is_refused_to_someone_without_a_role(director_client, django_user_model, people, roles):
    from django.contrib.auth.models import Permission

    graduate(director_client)
    after = years()
    outsider = django_user_model.objects.create_user("outsider", "o@example.org", "a-long-test-password")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))

    assert refused(client_for(outsider).post(undo_url(Graduation.objects.get())))
    assert years() == after


def test_after_a_graduation_the_page_warns_and_suggests_the_next_year(director_client, people):
    assert parse(director_client.get(URL).content).find(class_="help-warning") is None

    graduate(director_client, "2031")

    html = parse(director_client.get(URL).content)
    assert html.find(class_="help-warning").get_text(" ", strip=True).startswith("The class of 2031 graduated on ")
    assert html.find("input", attrs={"name": "graduation_year"})["value"] == "2032"


def test_a_graduation_that_races_another_for_the_same_class_is_refused(director_client, director, people):
    from staff import graduation as steps

    steps.graduate(2031, director)  # a colleague's request, committed after this form was checked
    after_one = years()

    with pytest.raises(steps.AlreadyGraduated):
        steps.graduate(2031, director)
    assert years() == after_one
    assert Graduation.objects.count() == 1
