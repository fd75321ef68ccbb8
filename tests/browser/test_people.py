"""Residents and graduates in a real browser: the yearly graduation as a director does it, and the two pages
with sample records checked by axe and kept as screenshots at phone and desktop widths."""

import re

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest
from playwright.sync_api import expect

from staff.models import Resident
from tests.browser.conftest import AXE_OPTIONS, HORIZONTAL_OVERFLOW, MARK_FOCUSABLES, log_in, screenshot, tab_through
from tests.conftest import SAMPLE_RESIDENTS, add_sample_people, named

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE_PATHS = ["/residents/", "/where-graduates-went/"]


@pytest.fixture
def people(residents_page, graduates_page):
    residents, alumni = add_sample_people()
    for resident in residents[:2]:
        resident.photo = Image.objects.create(
            title=f"Portrait of {resident.name}",
            file=get_test_image_file(size=(400, 400), filename=f"{resident.initials.lower()}.png", colour="#12355b"),
        )
        resident.save()
    return residents, alumni


def names_under(page, heading):
    section = page.locator("section", has=page.get_by_role("heading", name=heading, level=2))
    return [name.strip() for name in section.locator(".staff-card__name, .graduate__name").all_inner_texts()]


def test_a_director_graduates_the_class_and_undoes_it_from_the_history(new_page, director, people):
    named(director, "Sarah", "Kler")
    admin = new_page()
    log_in(admin, "director")

    admin.get_by_role("button", name="Residents & alumni").click()
    admin.get_by_role("link", name="Graduate the class").click()
    expect(admin.locator("[data-plan=graduating]")).to_have_text(re.compile(r"^\s*2 PGY-3 residents become alumni"))
    expect(admin.locator("[data-plan=to_pgy2]")).to_contain_text("2 PGY-1 residents move up to PGY-2.")
    admin.get_by_label("Graduation year").fill("2031")
    screenshot(admin, "people-graduation-confirm")
    admin.get_by_role("button", name="Graduate the class").click()

    expect(
        admin.get_by_text("The class of 2031 has graduated: 2 new alumni, 4 residents moved up a year.")
    ).to_be_visible()
    history = admin.get_by_role("table")
    expect(history.get_by_role("row").nth(1)).to_contain_text("2031")
    expect(history.get_by_role("row").nth(1)).to_contain_text("Sarah Kler")
    screenshot(admin, "people-graduation-done")

    visitor = new_page()
    visitor.goto("/residents/")
    assert names_under(visitor, "PGY-2") == ["Luis Ortega", "Maya Chen"]
    assert names_under(visitor, "PGY-3") == ["Priya Raman", "Tom Becker"]
    expect(visitor.get_by_role("heading", name="PGY-1", level=2)).to_have_count(0)
    visitor.goto("/where-graduates-went/")
    assert names_under(visitor, "Class of 2031") == ["Ana Ortiz", "Ben Okafor", "Grace Mensah", "Sam Whitfield"]

    admin.get_by_role("link", name="Undo").click()
    expect(admin.get_by_text("removes the 2 alumni records it made")).to_be_visible()
    admin.get_by_role("button", name="Undo the graduation").click()
    expect(admin.get_by_text("The graduation of the class of 2031 was undone")).to_be_visible()

    visitor.goto("/residents/")
    assert names_under(visitor, "PGY-1") == ["Luis Ortega", "Maya Chen"]
    assert names_under(visitor, "PGY-3") == ["Grace Mensah", "Sam Whitfield"]
    visitor.goto("/where-graduates-went/")
    assert names_under(visitor, "Class of 2031") == ["Ana Ortiz", "Ben Okafor"]
    assert {resident.name: resident.year for resident in Resident.objects.all()} == {
        name: year for name, year, *_ in SAMPLE_RESIDENTS
    }


@pytest.mark.parametrize("path", PEOPLE_PATHS)
def test_people_pages_have_no_axe_violations_at_phone_and_desktop_widths(new_page, people, path):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for width, height in [(390, 844), (1280, 900)]:
        page = new_page(width=width, height=height)
        page.goto(path)

        results = axe.run(page, options=AXE_OPTIONS)

        screenshot(page, f"people-{path.strip('/')}-{width}")
        assert results.violations_count == 0, f"{path} at {width} px: {results.generate_report()}"
        assert page.evaluate(HORIZONTAL_OVERFLOW) <= 0
    # The checks looked at real content: both pages list the sample records.
    assert page.locator(".staff-card__name, .graduate__name").count() in (6, 4)


@pytest.mark.parametrize("path", PEOPLE_PATHS)
def test_keyboard_alone_reaches_every_link_on_the_people_pages(new_page, people, path):
    page = new_page(width=390, height=844)
    page.goto(path)
    page.evaluate(MARK_FOCUSABLES)

    reached = tab_through(page)
    visible_links = page.evaluate(MARK_FOCUSABLES)

    assert visible_links
    assert set(visible_links) <= set(reached), f"{path}: links never focused"
