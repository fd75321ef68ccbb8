"""Fixtures shared by all tests: the seeded program site, its pages and an admin client."""

from django.core.management import call_command

from wagtail.models import Site

import pytest

from pages.models import (
    ApplicationProcessPage,
    CareerDevelopmentPage,
    CurriculumPage,
    EquityMissionPage,
    HomePage,
    StaffDirectoryPage,
)
from staff.models import StaffMember

SEEDED_PATHS = ["/", "/curriculum/", "/health-equity/", "/career-development/", "/apply/", "/faculty-and-staff/"]


def load_content():
    if not HomePage.objects.exists():
        call_command("load_program_content", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the test database once with the program's content, as `make run` does."""
    with django_db_blocker.unblock():
        load_content()


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


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no page cached by an earlier test."""
    from django.core.cache import cache

    cache.clear()
