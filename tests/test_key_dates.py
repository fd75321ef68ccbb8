"""Key dates on the Apply page and the iCalendar feed, parsed back with the icalendar library."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from wagtail.test.utils.form_data import streamfield

import icalendar
import pytest
from bs4 import BeautifulSoup

from tests.conftest import add_events, application_form

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")
FEED = "/key-dates.ics"


def feed(client):
    response = client.get(FEED)
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar):
    return calendar.walk("VEVENT")


def test_feed_is_a_calendar_with_the_deadline(client, apply_page):
    response = client.get(FEED)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "max-age=3600" in response["Cache-Control"]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    (deadline,) = vevents(calendar)
    assert str(deadline["SUMMARY"]) == "Application deadline: Primary Care Program"
    assert deadline.decoded("DTSTART") == apply_page.application_deadline
    assert deadline["DTSTART"].params["TZID"] == "America/New_York"
    assert deadline.decoded("DTSTART").astimezone(EASTERN).strftime("%Y-%m-%d %H:%M") == "2023-09-26 23:59"
    assert deadline.decoded("DTSTAMP").utcoffset().total_seconds() == 0
    assert str(deadline["UID"]).endswith("@localhost")
    assert str(deadline["URL"]) == apply_page.get_full_url()


def test_feed_carries_the_eastern_time_zone_definition(client, site):
    (zone,) = feed(client).walk("VTIMEZONE")

    assert str(zone["TZID"]) == "America/New_York"


def test_feed_lists_every_key_date_in_order(client, apply_page):
    add_events(apply_page)

    events = vevents(feed(client))

    assert [str(event["SUMMARY"]) for event in events] == [
        "Application deadline: Primary Care Program",
        "Applications open: Primary Care Program",
        "Virtual information session",
        "Open house",
    ]
    opening = events[1]
    assert opening.decoded("DTSTART") == date(2031, 9, 4)
    assert opening.decoded("DTEND") == date(2031, 9, 5)
    open_house = events[3]
    assert open_house.decoded("DTSTART") == datetime(2031, 10, 8, 17, 0, tzinfo=EASTERN)
    assert open_house.decoded("DTEND") == datetime(2031, 10, 8, 23, 0, tzinfo=UTC)
    assert str(open_house["LOCATION"]) == "Bulfinch Building, 55 Fruit Street"
    assert str(open_house["DESCRIPTION"]) == "Meet residents and faculty."
    assert str(open_house["URL"]) == "https://example.org/open-house"
    assert "DTEND" not in events[2]


def test_event_uids_are_unique_and_stable_across_edits(client, apply_page):
    add_events(apply_page)
    before = [str(event["UID"]) for event in vevents(feed(client))]

    apply_page.title = "How to apply"
    apply_page.save_revision().publish()
    after = [str(event["UID"]) for event in vevents(feed(client))]

    assert len(set(before)) == len(before) == 4
    assert sorted(after) == sorted(before)


def test_unpublished_events_stay_out_of_page_and_feed(client, apply_page):
    add_events(apply_page)
    apply_page.key_dates = []
    apply_page.save_revision()

    assert len(vevents(feed(client))) == 4
    assert "Open house" in client.get("/apply/").content.decode()


def test_feed_is_gone_when_no_apply_page_is_live(client, apply_page):
    apply_page.unpublish()

    assert client.get(FEED).status_code == 404


def test_apply_page_lists_events_in_eastern_time_and_links_the_feed(client, apply_page):
    add_events(apply_page)

    page = BeautifulSoup(client.get("/apply/").content, "html.parser")
    section = page.find("section", class_="key-dates")
    events = section.find_all("li", class_="key-date")

    assert [event.find("h3").get_text(strip=True) for event in events] == ["Virtual information session", "Open house"]
    when = " ".join(events[1].find("p", class_="key-date__when").get_text(" ").split())
    assert when == "Wednesday, October 8, 2031, 5 p.m. to 7 p.m. Eastern Time"
    assert events[1].find("time")["datetime"] == "2031-10-08T17:00:00-04:00"
    assert events[1].find("a", href="https://example.org/open-house")
    assert section.find("a", href=FEED)


def test_deadline_and_events_offer_the_readers_local_time_through_an_external_script(client, apply_page):
    # A deadline still to come (a passed one is shown as history, without a local time).
    apply_page.application_deadline = datetime(2031, 9, 26, 23, 59, tzinfo=EASTERN)
    add_events(apply_page)

    page = BeautifulSoup(client.get("/apply/").content, "html.parser")

    assert len(page.find_all("time", attrs={"data-local-time": True})) == 3
    assert len(page.find_all(attrs={"data-local-time-output": True})) == 3
    assert page.find("script", src="/static/js/local-time.js")
    for script in page.find_all("script"):
        assert script.get("src") or script.get("type") == "application/ld+json"


def test_seeded_apply_page_offers_the_feed_without_empty_event_list(client, site):
    # The seeded deadline has passed: the feed is offered as the way to hear of the next cycle's dates.
    page = BeautifulSoup(client.get("/apply/").content, "html.parser")
    notice = page.find("section", class_="notice")

    assert not page.find("section", class_="key-dates")
    assert not page.find("ol", class_="key-dates__list")
    assert notice.find("a", href="http://testserver/key-dates.ics")
    assert notice.find("a", href="webcal://testserver/key-dates.ics")


def test_apply_page_with_a_deadline_to_come_offers_the_deadline_for_the_calendar(client, apply_page):
    apply_page.application_deadline = datetime(2031, 9, 26, 23, 59, tzinfo=EASTERN)
    apply_page.save_revision().publish()

    page = BeautifulSoup(client.get("/apply/").content, "html.parser")
    section = page.find("section", class_="key-dates")

    assert not section.find("ol")
    assert section.find("a", href=FEED).get_text(strip=True) == "Add the application deadline to your calendar"


def test_event_ending_before_it_starts_is_refused(admin, apply_page):
    event = {
        "kind": "information_session",
        "title": "Open house",
        "start": "2031-10-08 17:00",
        "end": "2031-10-08 16:00",
        "location": "",
        "description": "",
        "link": "",
    }
    form = application_form(apply_page, key_dates=streamfield([("event", event)]))

    response = admin.post(f"/admin/pages/{apply_page.pk}/edit/", form)

    assert response.status_code == 200
    assert "The end must be after the start." in response.content.decode()
    apply_page.refresh_from_db()
    assert not apply_page.key_dates


def test_feed_answers_head_with_its_headers_and_no_body(client, apply_page):
    get = client.get("/key-dates.ics")
    head = client.head("/key-dates.ics")

    assert get.status_code == 200 and get.content, "positive control: GET has the calendar"
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == "text/calendar; charset=utf-8"


def test_feed_refuses_post(client, apply_page):
    assert client.post("/key-dates.ics").status_code == 405
