"""What applicants scan: the application cycle's state, the next step on every section page, the
facts beside the content on wide screens, the application contact, and email addresses that wrap
only at sensible points."""

from datetime import timedelta

from django.template import Context, Template
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from tests.page_text import parse

pytestmark = pytest.mark.django_db

SECTION_PATHS = ["/curriculum/", "/health-equity/", "/career-development/", "/faculty-and-staff/"]


def page_at(client, path):
    return parse(client.get(path).content)


def words(element):
    return " ".join(element.get_text(" ").split())


def deadline_value(page):
    """The text of the deadline fact in the first facts panel of the page."""
    item = page.find("section", class_="facts").find("div", class_="facts__item--deadline")
    return words(item.find("dd"))


def open_deadline(apply_page, days=60):
    apply_page.application_deadline = timezone.now() + timedelta(days=days)
    apply_page.save_revision().publish()
    return apply_page.application_deadline


@pytest.mark.parametrize("path", ["/", "/apply/"])
def test_passed_deadline_reads_as_a_closed_cycle_not_as_the_current_deadline(client, site, path):
    value = deadline_value(page_at(client, path))

    assert value.startswith("Closed for this cycle")
    assert "The next cycle’s dates will be posted" in value
    assert value.endswith("The last deadline was September 26, 2023, 11:59 p.m. Eastern Time .")
    assert "Deadline passed" not in value


def test_apply_page_says_the_cycle_is_closed_and_how_to_hear_of_the_next(client, site):
    page = page_at(client, "/apply/")
    notice = page.find("main").find("section", class_="notice")

    assert words(notice.find("h2")) == "Applications are closed for this cycle"
    text = words(notice)
    assert "The last application deadline was September 26, 2023 ." in text
    assert "The next cycle’s dates will be posted on this page" in text
    assert notice.find("a", href="http://testserver/key-dates.ics", type="text/calendar")
    assert notice.find("a", href="webcal://testserver/key-dates.ics")
    # The notice comes before the facts, so it is what a reader meets first.
    assert notice.find_next("section", class_="facts")


@pytest.mark.parametrize("path", ["/", "/apply/"])
def test_a_closed_cycle_invents_no_date(client, site, path):
    main = page_at(client, path).find("main")

    # Every date shown is the one deadline the editors set (11:59 p.m. Boston is 3:59 a.m. UTC the next day).
    assert {time["datetime"][:10] for time in main.find_all("time")} <= {"2023-09-26", "2023-09-27"}
    assert "2024" not in words(main)


@pytest.mark.parametrize("path", ["/", "/apply/"])
def test_deadline_to_come_is_the_headline_fact(client, apply_page, path):
    deadline = open_deadline(apply_page)
    page = page_at(client, path)

    value = deadline_value(page)
    assert value.startswith(timezone.localtime(deadline).strftime("%B"))
    assert value.endswith("Applications open")
    assert "Closed" not in value
    assert not page.find("section", class_="notice")


def test_deadline_to_come_keeps_the_calendar_link_and_local_time_on_the_apply_page(client, apply_page):
    open_deadline(apply_page)
    page = page_at(client, "/apply/")

    item = page.find("div", class_="facts__item--deadline")
    assert item.find("time", attrs={"data-local-time": True})
    assert item.find(attrs={"data-local-time-output": True})
    assert page.find("section", class_="key-dates").find("a", href="/key-dates.ics")


@pytest.mark.parametrize("path", SECTION_PATHS)
def test_section_page_ends_with_the_next_step_while_the_cycle_is_closed(client, site, path):
    main = page_at(client, path).find("main")
    column = main.find("div", class_="layout__main")
    step = column.find_all(recursive=False)[-1]

    assert "next-step" in step["class"]
    assert words(step.find("h2")) == "Apply to the Primary Care Program"
    assert "Applications for this cycle are closed." in words(step)
    assert step.find("a", href="/apply/", string="How to apply")


@pytest.mark.parametrize("path", SECTION_PATHS)
def test_section_page_next_step_names_the_code_and_deadline_while_open(client, apply_page, path):
    open_deadline(apply_page)

    step = page_at(client, path).find("section", class_="next-step")

    text = words(step)
    assert "Applications go through ERAS: select NRMP program code 1261140M0." in text
    assert "The deadline is " in text
    assert "closed" not in text


@pytest.mark.parametrize("path", SECTION_PATHS)
def test_section_page_has_the_applying_facts_for_the_side_column(client, site, path):
    side = page_at(client, path).find("div", class_="layout__aside--wide")
    facts = {words(item.find("dt")): words(item.find("dd")) for item in side.find_all("div", class_="facts__item")}

    assert list(facts) == ["NRMP program code", "Application system", "Application deadline", "Application contact"]
    assert facts["NRMP program code"].startswith("1261140M0 Primary Care track (categorical)")
    assert facts["Application system"] == "ERAS"
    assert facts["Application deadline"].startswith("Closed for this cycle")
    assert facts["Application contact"] == "mghimresidency@partners.org"
    assert side.find("a", class_="button", href="/apply/")


def test_overview_and_apply_page_need_no_second_side_column(client, site):
    for path in ["/", "/apply/"]:
        page = page_at(client, path)
        assert not page.find("div", class_="layout__aside--wide")
        assert len(page.find_all("section", class_="facts")) == 1


def test_section_page_query_count_does_not_grow_with_the_facts(client, settings, apply_page, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0  # the queries of a render, not of a page cache hit

    from tests.conftest import set_every_fact

    client.get("/curriculum/")
    with CaptureQueriesContext(connection) as seeded:
        client.get("/curriculum/")
    set_every_fact(apply_page, staff)
    client.get("/curriculum/")
    with CaptureQueriesContext(connection) as full:
        client.get("/curriculum/")

    assert len(full) == len(seeded)  # the application contact's staff record comes with the Apply page


def test_apply_page_gives_the_application_contact_in_the_facts_and_the_full_contact_once(client, site):
    page = page_at(client, "/apply/")
    main = page.find("main")

    assert "Questions about applying?" not in words(page)
    assert [
        link.find_parent("div", class_="facts__item")["class"]
        for link in main.find_all("a", href=True)
        if link["href"].startswith("mailto:")
    ] == [["facts__item", "facts__item--contact"]]
    assert len(page.find_all("address", class_="contact")) == 1
    assert page.find("footer").find("address", class_="contact")


def test_email_breaks_filter_allows_breaks_after_the_at_and_before_dots_only():
    template = Template("{% load program_tags %}{{ address|email_breaks }}")

    def breaks(address):
        return template.render(Context({"address": address}))

    assert breaks("first.last@partners.org") == "first<wbr>.last@<wbr>partners.org"
    # A domain longer than a short line may break before its dots too.
    assert breaks("residency@medicine.massgeneral.org") == "residency@<wbr>medicine<wbr>.massgeneral<wbr>.org"
    assert breaks("not-an-address") == "not-an-address"


def test_email_breaks_filter_escapes_the_address():
    template = Template("{% load program_tags %}{{ address|email_breaks }}")

    html = template.render(Context({"address": '<b>"x"</b>@example.org'}))

    assert "<b>" not in html
    assert html.startswith("&lt;b&gt;&quot;x&quot;&lt;/b&gt;@<wbr>")


def test_email_links_break_at_sensible_points_and_read_whole(client, site):
    raw = BeautifulSoup(client.get("/apply/").content, "html.parser")

    links = raw.find_all("a", href="mailto:mghimresidency@partners.org")
    assert len(links) == 2  # the facts panel and the footer
    for link in links:
        assert "email-link" in link["class"]
        assert link.decode_contents() == "mghimresidency@<wbr/>partners.org"
        assert parse(str(link)).get_text() == "mghimresidency@partners.org"
