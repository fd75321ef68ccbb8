"""Applicants on a phone open the menu from the keyboard and reach every section."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_phone_menu_opens_from_the_keyboard_and_leads_to_apply(new_page):
    page = new_page(width=390, height=844)
    page.goto("/")
    toggle = page.get_by_role("button", name="Menu")
    apply_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Apply")

    assert toggle.get_attribute("aria-expanded") == "false"
    assert not apply_link.is_visible()

    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert apply_link.is_visible()

    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"

    page.keyboard.press("Enter")
    apply_link.click()
    page.wait_for_url("**/apply/")
    assert page.get_by_role("heading", level=1).inner_text() == "Application Process"
    screenshot(page, "navigation-phone-apply")


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page):
    page.goto("/curriculum/")

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert "Skip" in skip.inner_text()

    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
