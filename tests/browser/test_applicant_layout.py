"""What applicants see in the browser: the side column on wide screens and one column on phones,
email addresses that never break inside a word, and related links without an address as plain text."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

SECTION_PATHS = ["/curriculum/", "/health-equity/", "/career-development/", "/faculty-and-staff/"]
EMAIL = "mghimresidency@partners.org"

# Each run of text in the link (the parts between its <wbr> break points) with the lines it is laid out on.
TEXT_LINES = """(link) => {
    const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
    const pieces = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const tops = [...range.getClientRects()].map((rect) => Math.round(rect.top));
        pieces.push({text: node.textContent, lines: [...new Set(tops)]});
    }
    return pieces;
}"""
FITS_ITS_BOX = """(link) => {
    const box = link.closest('dd, .contact, .facts').getBoundingClientRect();
    const own = link.getBoundingClientRect();
    return own.left >= box.left - 0.5 && own.right <= box.right + 0.5;
}"""


def box(locator):
    return locator.bounding_box()


def email_links(page):
    return page.locator(f'a[href="mailto:{EMAIL}"]')


def breaks_inside_a_word(pieces):
    return [piece["text"] for piece in pieces if len(piece["lines"]) > 1]


@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize("path", ["/", "/apply/", "/curriculum/"])
def test_email_address_breaks_only_after_the_at_or_before_a_dot(new_page, path, width):
    page = new_page(width=width, height=900)
    page.goto(path)
    links = email_links(page)

    visible = [links.nth(index) for index in range(links.count()) if links.nth(index).is_visible()]
    assert visible, f"no email link shown on {path} at {width} px"
    for link in visible:
        pieces = link.evaluate(TEXT_LINES)
        assert "".join(piece["text"] for piece in pieces) == EMAIL
        assert breaks_inside_a_word(pieces) == []
        assert link.evaluate(FITS_ITS_BOX)


def test_facts_panel_email_wraps_after_the_at_on_a_phone(new_page):
    page = new_page(width=390, height=844)
    page.goto("/apply/")

    pieces = page.locator(".facts__item--contact a").evaluate(TEXT_LINES)

    assert [piece["text"] for piece in pieces] == ["mghimresidency@", "partners.org"]
    first, domain = (piece["lines"] for piece in pieces)
    assert first[0] < domain[0], "the domain goes to the next line whole"
    screenshot(page, "apply-email-390")


def test_word_break_check_catches_an_address_broken_mid_word(new_page):
    # Guards the checks above: the same link without break points, squeezed, must be reported.
    page = new_page(width=320, height=800)
    page.goto("/apply/")
    link = page.locator(".facts__item--contact a")

    link.evaluate(f"(link) => {{ link.textContent = '{EMAIL}'; link.style.overflowWrap = 'anywhere'; }}")

    assert breaks_inside_a_word(link.evaluate(TEXT_LINES)) == [EMAIL]


@pytest.mark.parametrize("path", SECTION_PATHS)
def test_section_page_uses_the_side_column_on_wide_screens(new_page, path):
    page = new_page(width=1280, height=900)
    page.goto(path)
    main_column, side, wrap = (
        page.locator(".layout__main"),
        page.locator(".layout__aside--wide"),
        page.locator(".layout"),
    )

    assert side.is_visible()
    assert box(side)["x"] >= box(main_column)["x"] + box(main_column)["width"] + 32
    assert abs(box(side)["y"] - box(main_column)["y"]) < 1
    assert box(side)["x"] + box(side)["width"] == pytest.approx(box(wrap)["x"] + box(wrap)["width"] - 32, abs=1)
    assert side.get_by_role("link", name="How to apply").is_visible()
    assert side.get_by_role("link", name=EMAIL).is_visible()
    screenshot(page, f"side-column-{path.strip('/')}-1280")


@pytest.mark.parametrize("path", SECTION_PATHS)
def test_section_page_is_one_column_on_a_phone_and_ends_with_the_next_step(new_page, path):
    page = new_page(width=390, height=844)
    page.goto(path)
    main_column, step = page.locator(".layout__main"), page.locator(".next-step")

    assert not page.locator(".layout__aside--wide").is_visible()
    assert box(main_column)["width"] == pytest.approx(390 - 32, abs=1)
    assert step.get_by_role("link", name="How to apply").is_visible()
    assert box(step)["y"] + box(step)["height"] <= box(page.locator("footer"))["y"]


@pytest.mark.parametrize(("path", "first"), [("/", ".letter"), ("/apply/", ".layout__aside")])
def test_facts_panel_sits_beside_the_content_on_wide_screens_and_in_line_on_phones(new_page, path, first):
    wide = new_page(width=1280, height=900)
    wide.goto(path)
    facts, main_column = wide.locator(".facts"), wide.locator(".layout__main")
    assert box(facts)["x"] >= box(main_column)["x"] + box(main_column)["width"] + 32
    assert box(facts)["y"] <= box(main_column)["y"]

    phone = new_page(width=390, height=844)
    phone.goto(path)
    facts, first_part = phone.locator(".facts"), phone.locator(f".layout > {first}")
    assert box(facts)["width"] == pytest.approx(390 - 32, abs=1)
    assert box(first_part)["y"] <= box(facts)["y"]
    assert box(facts)["y"] + box(facts)["height"] <= box(phone.locator(".layout__main"))["y"]


def test_related_link_without_an_address_does_not_look_like_a_link(page, home):
    first, second = home.related_links.order_by("sort_order")
    first.link_url = "https://example.org/internal-medicine"
    home.related_links = [first, second]
    home.save_revision().publish()
    page.goto("/")

    style = (
        "(element) => { const s = getComputedStyle(element); return [s.color, s.fontWeight, s.textDecorationLine]; }"
    )
    linked = page.locator(".related-links__item").nth(0).get_by_role("link", name="Internal Medicine Residency Program")
    plain = page.locator(".related-links__item").nth(1).locator(".related-links__name")

    assert linked.evaluate(style) == ["rgb(11, 92, 173)", "700", "underline"]
    assert plain.evaluate(style) == ["rgb(27, 36, 48)", "400", "none"]
    assert plain.evaluate("(element) => element.closest('a')") is None
