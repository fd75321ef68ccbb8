"""Playwright fixtures: Debian's Chromium against a live server started by the test."""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}; CI must install it (.ci/run).")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium, live_server, site):
    """Open pages on the live server: new_page(width=390) gives a phone-sized tab; other keyword
    arguments go to Playwright's new_context (e.g. device_scale_factor)."""
    contexts = []

    def open_page(width=1280, height=900, **options):
        context = chromium.new_context(viewport={"width": width, "height": height}, base_url=live_server.url, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def screenshot(page, name):
    """Keep a full-page picture of the final state for review (tests/artifacts/, git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


# What every page is checked for (tests/browser/test_accessibility.py and the pages tested on their own).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
# Tab presses allowed per page: far more than any page has focusable elements.
MAX_TABS = 200

# Marks every focusable element with its position, and reports which of them are visible links.
MARK_FOCUSABLES = """() => {
    const focusable = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')];
    focusable.forEach((element, index) => element.setAttribute('data-focus-id', String(index)));
    return [...document.querySelectorAll('a[href]')]
        .filter((link) => link.checkVisibility({visibilityProperty: true}) && link.getClientRects().length)
        .map((link) => link.getAttribute('data-focus-id'));
}"""
FOCUSED = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    return {
        id: element.getAttribute('data-focus-id'),
        menuClosed: element.matches('[data-nav-toggle][aria-expanded="false"]'),
    };
}"""
HORIZONTAL_OVERFLOW = "() => document.scrollingElement.scrollWidth - window.innerWidth"


def tab_through(page):
    """Press Tab until focus leaves the page or comes back round; opens a closed menu on the way."""
    reached = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (reached and focused["id"] == reached[0]):
            break
        reached.append(focused["id"])
        if focused["menuClosed"]:
            page.keyboard.press("Enter")
    return reached


# The password the role fixtures give (tests/conftest.py user_in_role).
PASSWORD = "a-long-test-password"


def log_in(page, username):
    """Sign in through the real admin login form."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
