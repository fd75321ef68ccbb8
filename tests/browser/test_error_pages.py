"""The pages answered when something fails (500, 503 and the 503 that gives an editor's input back):
no axe-core violations at phone and desktop widths, as the site's other pages."""

from django.template.loader import render_to_string

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import AXE_OPTIONS, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [(390, 844), (1280, 900)]


@pytest.fixture
def failing_site(settings):
    """The site's URLs plus /boom/ (an error) and /database-down/ (the database's error)."""
    settings.ROOT_URLCONF = "tests.error_urls"
    settings.DEBUG = False


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/boom/", 500, "Something went wrong"),
        ("/database-down/", 503, "Temporarily unavailable"),
    ],
)
def test_error_page_has_no_axe_violations(new_page, failing_site, path, status, heading):
    axe = Axe()
    for width, height in WIDTHS:
        page = new_page(width=width, height=height)
        response = page.goto(path)
        assert response.status == status
        assert page.get_by_role("heading", level=1).inner_text() == heading

        results = axe.run(page, options=AXE_OPTIONS)

        screenshot(page, f"a11y-error-{status}-{width}")
        assert results.violations_count == 0, f"{path} at {width} px: {results.generate_report()}"


def test_the_not_saved_page_with_the_editors_input_has_no_axe_violations(new_page):
    """The 503 an editor's failed save gets, with what they typed, drawn on the site's own origin."""
    html = render_to_string(
        "503.html",
        {
            "was_post": True,
            "fields": [("title", "Curriculum"), ("intro", "<p>A new line.</p>")],
            "attached_files": True,
        },
    )
    axe = Axe()
    for width, height in WIDTHS:
        page = new_page(width=width, height=height)
        page.goto("/robots.txt")  # the site's origin, so the page's stylesheet loads as it would
        page.set_content(html)
        assert page.get_by_role("heading", level=1).inner_text() == "Your change was not saved"
        assert page.get_by_label("intro").input_value() == "<p>A new line.</p>"

        results = axe.run(page, options=AXE_OPTIONS)

        screenshot(page, f"a11y-error-503-not-saved-{width}")
        assert results.violations_count == 0, f"not-saved page at {width} px: {results.generate_report()}"
