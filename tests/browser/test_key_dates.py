"""The Apply page gives the deadline in US Eastern time and in the reader's own time zone."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page_in_zone(chromium, live_server, site):
    contexts = []

    def open_page(zone, width=1280):
        context = chromium.new_context(
            viewport={"width": width, "height": 900}, base_url=live_server.url, timezone_id=zone, locale="en-US"
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def deadline_to_come(apply_page):
    """The seeded deadline's time of day in a year to come (a passed deadline gets no local time)."""
    apply_page.application_deadline = apply_page.application_deadline.replace(year=2031)
    apply_page.save_revision().publish()
    return apply_page


def test_deadline_shows_the_readers_local_date(page_in_zone, deadline_to_come):
    page = page_in_zone("Europe/Berlin")
    page.goto("/apply/")

    deadline = page.locator(".facts__item--deadline")
    local = deadline.locator("[data-local-time-output]")

    assert "September 26, 2031, 11:59 p.m. Eastern Time" in deadline.inner_text()
    assert local.is_visible()
    assert local.inner_text().startswith("In your time zone: Sat, Sep 27, 2031")
    assert "5:59" in local.inner_text()
    screenshot(page, "apply-deadline-berlin")


def test_reader_in_boston_gets_no_second_line_for_the_same_time(page_in_zone, deadline_to_come):
    page = page_in_zone("America/New_York", width=390)
    page.goto("/apply/")

    deadline = page.locator(".facts__item--deadline")

    assert "September 26, 2031, 11:59 p.m. Eastern Time" in deadline.inner_text()
    # The line's space is kept free (so the page never shifts when it is filled), and stays empty here.
    assert deadline.locator("[data-local-time-output]").inner_text() == ""
