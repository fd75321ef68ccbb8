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


def test_phone_menu_works_without_scripts(new_page):
    # A strict CSP, a failed download or a reader with scripts off: the menu is still a working disclosure.
    page = new_page(width=390, height=844, java_script_enabled=False)
    page.goto("/curriculum/")
    nav = page.get_by_role("navigation", name="Main")
    menu = nav.locator("summary")
    apply_link = nav.get_by_role("link", name="Apply")

    assert menu.inner_text().strip() == "Menu"
    assert not apply_link.is_visible()

    menu.focus()
    page.keyboard.press("Enter")
    assert apply_link.is_visible()

    page.keyboard.press("Enter")
    assert not apply_link.is_visible()


def test_script_turns_the_disclosure_into_a_button_that_names_the_list(new_page):
    page = new_page(width=390, height=844)
    page.goto("/")
    toggle = page.get_by_role("button", name="Menu")

    assert page.locator("summary, details").count() == 0
    assert toggle.get_attribute("aria-controls") == "site-nav-list"
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#site-nav-list").is_visible()


@pytest.mark.parametrize("scripts", [True, False])
def test_desktop_shows_the_whole_menu_and_no_menu_button(new_page, scripts):
    page = new_page(width=1280, height=900, java_script_enabled=scripts)
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")

    for label in ["Overview", "Curriculum", "Health Equity", "Careers", "Apply", "Faculty & Staff"]:
        assert nav.get_by_role("link", name=label).is_visible()
    assert not nav.locator(".site-nav__toggle").is_visible()
