"""load_program_content builds the site once and never overwrites editors' work."""

from django.conf import settings
from django.core.management import call_command

from wagtail.models import Page, Revision, Site

import pytest

from pages.management.commands.load_program_content import CONTENT_FILE
from pages.models import HomePage
from pages.settings import ContactSettings
from staff.models import StaffMember

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "staff": StaffMember.objects.count(),
        "contact": list(ContactSettings.objects.values()),
        "sites": list(Site.objects.values("hostname", "root_page_id")),
    }


def test_content_lives_inside_the_project():
    assert CONTENT_FILE.is_relative_to(settings.BASE_DIR)
    assert "shared" not in CONTENT_FILE.relative_to(settings.BASE_DIR).parts


def test_loader_builds_the_whole_site_under_the_default_site(site):
    home = HomePage.objects.get()

    assert site.root_page_id == home.pk
    assert [child.slug for child in home.get_children().live()] == [
        "curriculum",
        "health-equity",
        "career-development",
        "wellness",
        "apply",
        "faculty-and-staff",
    ]
    assert [s.staff_member.name for s in home.signatories.all()] == ["William Kormos", "Alaka Ray"]
    assert StaffMember.objects.filter(live=True).count() == 5


def test_running_the_loader_again_changes_nothing(site):
    before = snapshot()

    call_command("load_program_content", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert snapshot() == before


def test_loader_keeps_editor_changes(site, curriculum, staff):
    curriculum.title = "Curriculum and Retreats"
    curriculum.save_revision().publish()
    staff["kler"].title = "Primary Care Chief Resident"
    staff["kler"].save()
    contact = ContactSettings.for_site(site)
    contact.phone = "617-555-0100"
    contact.save()

    call_command("load_program_content", stdout=open("/dev/null", "w"))  # noqa: SIM115

    curriculum.refresh_from_db()
    staff["kler"].refresh_from_db()
    assert curriculum.title == "Curriculum and Retreats"
    assert staff["kler"].title == "Primary Care Chief Resident"
    assert ContactSettings.for_site(site).phone == "617-555-0100"


def test_loader_does_not_bring_back_what_an_editor_removed(site, staff):
    staff["kler"].delete()

    call_command("load_program_content", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert not StaffMember.objects.filter(name="Sarah Kler").exists()


def test_deadline_is_stored_as_eastern_time(apply_page):
    from zoneinfo import ZoneInfo

    local = apply_page.application_deadline.astimezone(ZoneInfo("America/New_York"))

    assert (local.year, local.month, local.day, local.hour, local.minute) == (2023, 9, 26, 23, 59)


def test_loader_sets_only_the_program_facts_the_source_states(apply_page):
    assert apply_page.nrmp_code == "1261140M0"
    assert apply_page.eras_participation is True
    assert [block.value for block in apply_page.other_tracks] == ["Categorical"]
    assert apply_page.application_contact is None  # the contact details' email stands in
    for field in ("positions_per_year", "application_open_date", "board_pass_rate"):
        assert getattr(apply_page, field) is None
    for field in ("exam_requirements", "interview_period", "interview_format", "visa_sponsorship"):
        assert getattr(apply_page, field) == ""
    for field in ("benefits_summary", "board_pass_rate_period"):
        assert getattr(apply_page, field) == ""
    assert not apply_page.salaries
    assert not apply_page.recent_graduates.total
