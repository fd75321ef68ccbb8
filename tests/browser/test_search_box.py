"""Applicants search from the header with the keyboard alone, on a phone and on a desktop."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [390, 1280])
def test_header_search_box_is_reached_with_tab_and_submits_with_enter(new_page, width):
    page = new_page(width=width, height=900)
    page.goto("/curriculum/")
    search_box = page.get_by_role("searchbox", name="Search this site")
    assert search_box.is_visible()

    # Skip link, brand, then the search box.
    for _ in range(3):
        page.keyboard.press("Tab")
    assert search_box.evaluate("(element) => element === document.activeElement")

    page.keyboard.type("NRMP code")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=NRMP+code")

    first = page.locator(".search-result__title a").first
    assert first.inner_text() == "Application Process"
    assert page.locator(".search-result mark").first.inner_text() in {"NRMP", "code"}
    screenshot(page, f"search-from-header-{width}")

    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/apply/")
