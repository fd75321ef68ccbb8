"""Fixtures shared by all tests: the seeded program site, its pages and an admin client."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.test import Client

from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, querydict_from_html, rich_text, streamfield

import pytest
from bs4 import BeautifulSoup

from pages.models import (
    ApplicationProcessPage,
    CareerDevelopmentPage,
    CurriculumPage,
    EquityMissionPage,
    HomePage,
    StaffDirectoryPage,
)
from staff.models import Alumnus, StaffMember
from tests.page_text import parse

EASTERN = ZoneInfo("America/New_York")
SEEDED_PATHS = [
    "/",
    "/curriculum/",
    "/health-equity/",
    "/career-development/",
    "/wellness/",
    "/apply/",
    "/faculty-and-staff/",
]
# Every kind of public page: the seeded pages, search with and without results, and a missing page.
PUBLIC_PATHS = [*SEEDED_PATHS, "/search/", "/search/?q=primary", "/no-such-page/"]


def load_content():
    if not HomePage.objects.exists():
        call_command("load_program_content", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the test database once with the program's content, as `make run` does."""
    with django_db_blocker.unblock():
        load_content()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: what one test cached must not outlive its rolled-back data."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(db):
    # Tests with a live server flush the database; reseed when they have.
    load_content()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home(site):
    return HomePage.objects.get()


@pytest.fixture
def curriculum(site):
    return CurriculumPage.objects.get()


@pytest.fixture
def equity(site):
    return EquityMissionPage.objects.get()


@pytest.fixture
def careers(site):
    return CareerDevelopmentPage.objects.get()


@pytest.fixture
def apply_page(site):
    return ApplicationProcessPage.objects.get()


@pytest.fixture
def directory(site):
    return StaffDirectoryPage.objects.get()


@pytest.fixture
def staff(site):
    """The seeded staff records by surname."""
    return {member.name.split()[-1].lower(): member for member in StaffMember.objects.all()}


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "a-long-test-password")


@pytest.fixture
def admin(client, superuser, site):
    client.force_login(superuser)
    return client


def user_in_role(django_user_model, username, group_name):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username, f"{username}@example.org", "a-long-test-password")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def roles(site):
    """The editorial groups and the Director approval workflow (re-created after a flush)."""
    from editorial.roles import ensure_director_approval, ensure_roles

    groups = ensure_roles()
    ensure_director_approval()
    return groups


@pytest.fixture
def program_manager(django_user_model, roles):
    from editorial.roles import PROGRAM_MANAGERS

    return user_in_role(django_user_model, "pm", PROGRAM_MANAGERS)


@pytest.fixture
def director(django_user_model, roles):
    from editorial.roles import DIRECTORS

    return user_in_role(django_user_model, "director", DIRECTORS)


@pytest.fixture
def pm_client(client, program_manager):
    client.force_login(program_manager)
    return client


@pytest.fixture
def director_client(client, director):
    client.force_login(director)
    return client


# Helpers shared by several test modules: the real admin forms, filled in as an editor would.


def application_form(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "nav_title": page.nav_title,
        "listing_summary": page.listing_summary,
        "seo_title": "",
        "search_description": page.search_description,
        "show_in_menus": "on",
        "nrmp_code": page.nrmp_code,
        "application_deadline": "2023-09-26 23:59",
        "other_tracks": streamfield([("track", "Categorical")]),
        "eras_instructions": rich_text(page.eras_instructions),
        "tracks_text": rich_text(page.tracks_text),
        "full_details_url": "",
        "body": streamfield([]),
        "eras_participation": "on",
        "salaries": streamfield([]),
        "key_dates": streamfield([]),
        "interview_itinerary": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


def edit_url(member):
    return f"/admin/snippets/staff/staffmember/edit/{member.pk}/"


def post_edit(admin, member, action, **changes):
    """Submit the real admin edit form for a staff record with some fields changed."""
    html = admin.get(edit_url(member)).content.decode()
    data = querydict_from_html(html, form_id="w-editor-form")
    # A ticked checkbox without a value attribute is sent as "on" by browsers.
    for checkbox in BeautifulSoup(html, "html.parser").select("#w-editor-form input[type=checkbox][checked]"):
        if "value" not in checkbox.attrs:
            data[checkbox["name"]] = "on"
    for field, value in changes.items():
        data[field] = value
    data[action] = "1"
    return admin.post(edit_url(member), data)


def edit_form(client, page, **changes):
    return f"/admin/pages/{page.pk}/edit/", application_form(page, **changes)


def submit_new_deadline(manager, apply_page):
    url, data = edit_form(manager, apply_page, application_deadline="2031-09-26 23:59")
    data["action-submit"] = "action-submit"
    assert manager.post(url, data).status_code == 302
    apply_page.refresh_from_db()
    return apply_page.current_workflow_task_state


def facts_panel(client, path):
    return parse(client.get(path).content).find("section", class_="facts")


def facts_of(panel):
    """{label: text} of the panel's definition list, in order."""
    return {
        item.find("dt").get_text(strip=True): " ".join(item.find("dd").get_text(" ").split())
        for item in panel.find("dl").find_all("div", recursive=False)
    }


def set_every_fact(page, staff):
    page.positions_per_year = 8
    page.eras_participation = True
    page.application_open_date = date(2031, 9, 4)
    page.exam_requirements = "USMLE Step 1 and Step 2 CK"
    page.interview_period = "October to January"
    page.interview_format = ApplicationProcessPage.InterviewFormat.VIRTUAL
    page.visa_sponsorship = ApplicationProcessPage.VisaSponsorship.J1
    page.salaries = [
        ("year", {"pgy": 2, "salary": 81500, "note": ""}),
        ("year", {"pgy": 1, "salary": 78000, "note": "plus meal allowance"}),
    ]
    page.benefits_summary = "Health, dental and parental leave."
    page.board_pass_rate = 97
    page.board_pass_rate_period = "2021–2023"
    # Where graduates went is counted from the alumni records.
    for name, kind in [("Ana Ortiz", "practice"), ("Ben Okafor", "fellowship")]:
        Alumnus.objects.create(name=name, graduation_year=2031, position_kind=kind, live=True)
    page.application_contact = staff["ricci"]
    page.save_revision().publish()


def add_events(page):
    page.key_dates = [
        (
            "event",
            {
                "title": "Open house",
                "start": datetime(2031, 10, 8, 17, 0, tzinfo=EASTERN),
                "end": datetime(2031, 10, 8, 19, 0, tzinfo=EASTERN),
                "location": "Bulfinch Building, 55 Fruit Street",
                "description": "Meet residents and faculty.",
                "link": "https://example.org/open-house",
            },
        ),
        (
            "event",
            {
                "title": "Virtual information session",
                "start": datetime(2031, 9, 10, 19, 0, tzinfo=EASTERN),
                "end": None,
                "location": "Online",
                "description": "",
                "link": "",
            },
        ),
    ]
    page.application_open_date = date(2031, 9, 4)
    page.save_revision().publish()


def schedule_new_chief(director):
    client = Client()
    client.force_login(director)
    url = "/admin/snippets/staff/staffmember/add/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")
    data.update(
        {
            "name": "Jordan Lee",
            "credentials": "MD",
            "title": "Ambulatory Chief Resident",
            "category": "chief_residents",
            "active": "on",
            "go_live_at": "2031-07-01 08:00",
            "action-publish": "action-publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return StaffMember.objects.get(name="Jordan Lee")


def named(user, first, last):
    user.first_name, user.last_name = first, last
    user.save()
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def refused(response):
    """Wagtail answers 403, or sends the user to the dashboard with "no permission"."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def sign_in(client, username, password, code=None, **headers):
    """Sign in through the real admin login form (django-axes needs the request that a form sign-in has)."""
    data = {"username": username, "password": password}
    if code is not None:
        data["otp_token"] = code
    return client.post("/admin/login/", data, **headers)


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


# Residents and graduates: the two pages are made by editors (the source names no residents or alumni).


@pytest.fixture
def residents_page(home):
    from pages.models import ResidentsPage

    page = home.add_child(
        instance=ResidentsPage(
            title="Meet our residents", slug="residents", listing_summary="The residents of the Primary Care Program."
        )
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def graduates_page(home):
    from pages.models import GraduatesPage

    page = home.add_child(
        instance=GraduatesPage(
            title="Where graduates went",
            slug="where-graduates-went",
            listing_summary="Each graduate's next position, class by class.",
        )
    )
    page.save_revision().publish()
    return page


# A small program: (name, year, hometown, medical school, clinic site, interests), blanks left out on the page.
SAMPLE_RESIDENTS = [
    (
        "Maya Chen",
        1,
        "Worcester, MA",
        "UMass Chan Medical School",
        "MGH Chelsea HealthCare Center",
        "Addiction medicine",
    ),
    ("Luis Ortega", 1, "", "", "", ""),
    ("Priya Raman", 2, "Houston, TX", "Baylor College of Medicine", "MGH Revere HealthCare Center", ""),
    ("Tom Becker", 2, "", "Tufts University School of Medicine", "", "Health policy, cycling"),
    ("Grace Mensah", 3, "Accra, Ghana", "Harvard Medical School", "MGH Charlestown HealthCare Center", "Global health"),
    ("Sam Whitfield", 3, "Portland, ME", "", "MGH Back Bay", "Medical education"),
]
SAMPLE_ALUMNI = [
    ("Ana Ortiz", 2031, "practice", "Massachusetts General Hospital", "General internal medicine"),
    ("Ben Okafor", 2031, "fellowship", "Boston Medical Center", "Addiction medicine"),
    ("Chloe Park", 2030, "fellowship", "Brigham and Women's Hospital", "Health services research"),
    ("Dev Patel", 2030, "public_service", "Boston Public Health Commission", ""),
]


def add_sample_people():
    """Six live residents, two per year, and four live alumni of two classes."""
    from staff.models import Resident

    residents = [
        Resident.objects.create(
            name=name,
            year=year,
            hometown=hometown,
            medical_school=school,
            clinic_site=clinic,
            interests=interests,
            live=True,
        )
        for name, year, hometown, school, clinic, interests in SAMPLE_RESIDENTS
    ]
    alumni = [
        Alumnus.objects.create(
            name=name, graduation_year=year, position_kind=kind, institution=institution, field=field, live=True
        )
        for name, year, kind, institution, field in SAMPLE_ALUMNI
    ]
    return residents, alumni


# The page cache as a visitor meets it (tests/test_cache_invalidation.py and the people's pages).


def visit(path):
    return Client().get(path)


def warm(*paths):
    for path in paths:
        visit(path)
        assert visit(path)["X-Cache"] == "hit", path


def text(path):
    response = visit(path)
    assert response.status_code == 200, path
    return response.content.decode()


# The recruitment facts of the Apply page, all set (eligibility) and a season's typed dates.


def set_eligibility(page):
    page.exam_policy = ApplicationProcessPage.ExamPolicy.USMLE_OR_COMLEX
    page.exam_requirements = "Step 2 CK results before ranking"
    page.minimum_scores = ApplicationProcessPage.MinimumScores.NONE
    page.years_since_graduation = 5
    page.international_graduates = True
    page.visa_sponsorship = ApplicationProcessPage.VisaSponsorship.J1
    page.save_revision().publish()


def season_dates(page):
    page.key_dates = [
        ("event", {"kind": "match_day", "title": "", "start": datetime(2032, 3, 19, 12, 0, tzinfo=EASTERN)}),
        ("event", {"kind": "first_invitations", "title": "", "start": datetime(2031, 10, 14, 9, 0, tzinfo=EASTERN)}),
        (
            "event",
            {
                "kind": "interviews",
                "title": "Virtual interview days",
                "start": datetime(2031, 11, 3, 8, 0, tzinfo=EASTERN),
                "end": datetime(2031, 11, 3, 13, 0, tzinfo=EASTERN),
                "location": "Online",
            },
        ),
    ]
    page.save_revision().publish()
