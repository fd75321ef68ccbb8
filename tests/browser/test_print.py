"""The Apply page prints on one or two clean pages: no navigation, search or buttons, the facts kept together."""

import re

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

# A page object in a PDF is a dictionary with "/Type /Page" ("/Type /Pages" is the page tree).
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
PDF_PAGE_COUNT = re.compile(rb"/Count\s+(\d+)")
HIDDEN_IN_PRINT = [".skip-link", ".site-nav", ".site-search", ".button--apply", ".breadcrumbs", ".site-footer__related"]


def printed_pages(page, paper):
    pdf = page.pdf(format=paper, print_background=False)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"print-apply-{paper.lower()}.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    pages = len(PDF_PAGE.findall(pdf))
    # The page tree's own count must agree with the page objects found.
    assert pages == max(int(count) for count in PDF_PAGE_COUNT.findall(pdf))
    return pages


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_apply_page_prints_on_one_or_two_pages(page, paper):
    page.goto("/apply/")
    page.emulate_media(media="print")

    assert printed_pages(page, paper) in {1, 2}


def test_navigation_search_and_buttons_are_hidden_in_print(page):
    page.goto("/apply/")
    for selector in HIDDEN_IN_PRINT:
        assert page.locator(selector).first.count() == 1, f"{selector} is missing from the page"

    page.emulate_media(media="print")

    for selector in HIDDEN_IN_PRINT:
        assert not page.locator(selector).first.is_visible(), f"{selector} shows in print"
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator(".facts").is_visible()
    assert page.locator(".facts").evaluate("(element) => getComputedStyle(element).breakInside") == "avoid"


def test_printed_links_show_where_they_go(page, apply_page):
    apply_page.full_details_url = "https://example.org/application-details"
    apply_page.save_revision().publish()
    page.goto("/apply/")
    page.emulate_media(media="print")

    link = page.get_by_role("link", name="Full application details")
    after = link.evaluate("(element) => getComputedStyle(element, '::after').content")

    assert after == '" (https://example.org/application-details)"'
