"""Every public page, as seeded: no axe-core violations at WCAG 2.2 A/AA, every link reachable from the
keyboard, no horizontal scrolling at 320 px or at 200% zoom; full-page screenshots at 390 and 1280 px."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import AXE_OPTIONS, HORIZONTAL_OVERFLOW, MARK_FOCUSABLES, screenshot, tab_through
from tests.conftest import PUBLIC_PATHS

pytestmark = pytest.mark.django_db(transaction=True)


def artifact_name(path):
    name = path.split("?")[0].strip("/").replace("/", "-") or "home"
    return f"{name}-results" if "?" in path else name


@pytest.fixture(scope="module")
def axe():
    # axe-core ships inside the package: nothing is downloaded.
    return Axe()


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_page_has_no_axe_violations_at_phone_and_desktop_widths(new_page, axe, path):
    for width, height in [(390, 844), (1280, 900)]:
        page = new_page(width=width, height=height)
        page.goto(path)

        results = axe.run(page, options=AXE_OPTIONS)

        screenshot(page, f"a11y-{artifact_name(path)}-{width}")
        assert results.violations_count == 0, f"{path} at {width} px: {results.generate_report()}"


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_keyboard_alone_reaches_every_link(new_page, path, width):
    page = new_page(width=width, height=900)
    page.goto(path)
    page.evaluate(MARK_FOCUSABLES)

    reached = tab_through(page)
    # With the menu opened on the way, every link on the page is now visible: all must have had focus.
    visible_links = page.evaluate(MARK_FOCUSABLES)

    assert visible_links
    assert len(reached) == len(set(reached)), "focus visited an element twice"
    assert set(visible_links) <= set(reached), f"{path} at {width} px: links never focused"


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_page_reflows_at_320_px_without_horizontal_scrolling(new_page, path):
    page = new_page(width=320, height=800)
    page.goto(path)

    assert page.evaluate(HORIZONTAL_OVERFLOW) <= 0


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_page_works_at_200_percent_zoom(new_page, path):
    # Browser zoom at 200% halves the number of CSS pixels across the window: a 1280 px wide window
    # lays out like a 640 px viewport, with media queries and rem sizes behaving exactly as when zoomed.
    # A 640 × 450 viewport at device scale factor 2 is therefore what a zoomed 1280 × 900 window renders.
    page = new_page(width=640, height=450, device_scale_factor=2)
    page.goto(path)
    assert page.evaluate(HORIZONTAL_OVERFLOW) <= 0

    # The menu still opens and every section stays reachable.
    page.get_by_role("button", name="Menu").click()
    nav = page.get_by_role("navigation", name="Main")
    for label in ["Overview", "Curriculum", "Health Equity", "Careers", "Apply", "Faculty & Staff"]:
        assert nav.get_by_role("link", name=label).is_visible()

    # Text-only zoom (WCAG 1.4.4): double the root font size in a desktop window.
    desktop = new_page(width=1280, height=900)
    desktop.goto(path)
    desktop.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    assert desktop.evaluate(HORIZONTAL_OVERFLOW) <= 0


def test_axe_check_reports_a_planted_violation(page, axe):
    # Guards the checks above: a page made worse on purpose must fail them.
    page.goto("/")
    page.evaluate("() => { document.querySelector('main').append(document.createElement('img')); }")

    results = axe.run(page, options=AXE_OPTIONS)

    assert [violation["id"] for violation in results.response["violations"]] == ["image-alt"]


def fill_recruitment_pages():
    """The Wellness page with a lead and items, an FAQ page, and the Apply page's season: all set."""
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from pages.models import ApplicationProcessPage, FAQPage, HomePage, WellnessPage
    from staff.models import StaffMember
    from tests.conftest import season_dates, set_eligibility

    lead = StaffMember.objects.get(name="Sarah Kler")
    lead.photo = Image.objects.create(title="Lead", file=get_test_image_file(size=(400, 400), filename="lead.png"))
    lead.save_revision().publish()
    wellness = WellnessPage.objects.get()
    wellness.wellness_lead = lead
    wellness.items = [
        *wellness.items.raw_data,
        {"type": "item", "value": {"kind": "mentorship", "title": "Career mentors", "description": "<p>Matched.</p>"}},
        {"type": "item", "value": {"kind": "community", "title": "Resident dinners", "description": "<p>Monthly.</p>"}},
    ]
    wellness.save_revision().publish()
    if not FAQPage.objects.exists():
        faq = FAQPage(
            title="Frequently Asked Questions",
            slug="faq",
            listing_summary="Answers to what applicants ask most.",
            questions=[
                ("question", {"question": "Do you sponsor visas?", "answer": "<p>Yes, J-1 visas.</p>"}),
                ("question", {"question": "Is there a minimum score?", "answer": "<p>No.</p>"}),
            ],
        )
        HomePage.objects.get().add_child(instance=faq)
        faq.save_revision().publish()
    apply_page = ApplicationProcessPage.objects.get()
    set_eligibility(apply_page)
    apply_page.interview_format = "virtual"
    apply_page.interview_itinerary = [
        ("step", {"time": "8:00 a.m.", "activity": "Welcome from the program director"}),
        ("step", {"time": "9:00 a.m.", "activity": "Interviews with faculty"}),
    ]
    apply_page.signal_policy = "<p>We review every application, signal or not.</p>"
    apply_page.interview_status_reporting = "Every applicant hears by email by November 15."
    apply_page.save_revision().publish()
    season_dates(apply_page)


@pytest.mark.parametrize("path", ["/wellness/", "/faq/", "/apply/"])
def test_recruitment_pages_with_their_data_have_no_axe_violations(new_page, axe, path):
    fill_recruitment_pages()
    for width, height in [(390, 844), (1280, 900)]:
        page = new_page(width=width, height=height)
        page.goto(path)
        assert page.locator("h1").count() == 1

        results = axe.run(page, options=AXE_OPTIONS)

        screenshot(page, f"recruitment-{artifact_name(path)}-{width}")
        assert results.violations_count == 0, f"{path} at {width} px: {results.generate_report()}"
