"""No layout shift on any public page, at phone and desktop widths, even when the scripts arrive late.

The page's scripts are held back until the browser has painted, as on a slow phone network, so a
page that only settles once its scripts run is caught here. Cumulative layout shift is read from the
browser's own 'layout-shift' entries, as Lighthouse reads it.
"""

import pytest

from tests.conftest import PUBLIC_PATHS

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [(390, 844), (1280, 900)]
# What "no shift" allows: on a heavily loaded machine Chromium has reported 0.001 (one pixel of
# sub-pixel rounding over the whole viewport) on pages that report 0 otherwise. Anything a reader
# could notice is far above it: a 40 px banner pushing the page down scores about 0.05.
NO_SHIFT = 0.005
# A reader outside US Eastern time, for whom local-time.js writes a second line under each time.
ZONE = "Europe/Berlin"

# The sum of the layout-shift entries so far that no user input caused, read after two frames so
# that the shifts of the last rendering are counted too.
LAYOUT_SHIFT = """() => new Promise((resolve) => {
    let total = 0;
    const add = (entries) => entries.forEach((entry) => { if (!entry.hadRecentInput) total += entry.value; });
    const observer = new PerformanceObserver((list) => add(list.getEntries()));
    observer.observe({type: 'layout-shift', buffered: true});
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => {
        add(observer.takeRecords());
        observer.disconnect();
        resolve(total);
    }, 50)));
})"""
FIRST_PAINT = "() => performance.getEntriesByType('paint').some((entry) => entry.name === 'first-contentful-paint')"
FITS_RESERVED_SPACE = (
    "(line) => line.getBoundingClientRect().height <= parseFloat(getComputedStyle(line).minHeight) + 0.5"
)
SCRIPTS_RAN = "() => document.readyState === 'complete' && document.querySelector('[data-nav-toggle]') !== null"


def open_with_late_scripts(page, path):
    """Load `path` with the site's scripts answered only after the first paint; return the layout
    shift measured after load and the nav script had run."""
    held = []
    page.route("**/static/js/*.js", lambda route: held.append(route))
    page.goto(path, wait_until="commit")
    page.wait_for_function(FIRST_PAINT)
    page.wait_for_timeout(100)  # a few more frames painted without the scripts
    for route in held:
        route.continue_()
    page.unroute("**/static/js/*.js")
    page.wait_for_load_state("load")
    page.wait_for_function(SCRIPTS_RAN)
    assert held, "the page loaded no script to hold back"
    return page.evaluate(LAYOUT_SHIFT)


@pytest.mark.parametrize("path", PUBLIC_PATHS)
@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_page_does_not_shift_while_it_loads(new_page, path, width, height):
    page = new_page(width=width, height=height, timezone_id=ZONE)

    shift = open_with_late_scripts(page, path)

    assert shift < NO_SHIFT, f"{path} at {width} px shifted by {shift:.4f}"


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_apply_page_with_dates_to_come_does_not_shift_when_local_times_appear(new_page, apply_page, width, height):
    from tests.conftest import add_events

    apply_page.application_deadline = apply_page.application_deadline.replace(year=2031)
    add_events(apply_page)
    page = new_page(width=width, height=height, timezone_id=ZONE)

    shift = open_with_late_scripts(page, "/apply/")

    local_times = page.locator("[data-local-time-output]")
    assert local_times.count() == 3
    for index in range(3):
        assert local_times.nth(index).inner_text().startswith("In your time zone: ")
        # Each fits in the space kept free for it: the line is no taller than its reserved height.
        assert local_times.nth(index).evaluate(FITS_RESERVED_SPACE)
    assert shift < NO_SHIFT, f"/apply/ at {width} px shifted by {shift:.4f}"


def test_measurement_reports_a_planted_shift(new_page):
    # Guards the check above: content pushed down after the first paint must be measured.
    page = new_page(width=390, height=844)
    assert open_with_late_scripts(page, "/curriculum/") < NO_SHIFT

    page.evaluate(
        "() => { const block = document.createElement('div'); block.style.height = '200px';"
        " document.querySelector('main').prepend(block); }"
    )

    assert page.evaluate(LAYOUT_SHIFT) > 10 * NO_SHIFT
