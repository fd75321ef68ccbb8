"""Eligibility and visa, the interview day, signals, interview status and typed key dates on the Apply page."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from wagtail.test.utils.form_data import rich_text, streamfield

import icalendar
import pytest

from tests.conftest import application_form, facts_of, facts_panel, season_dates, set_eligibility
from tests.page_text import parse

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")
ELIGIBILITY_LABELS = [
    "USMLE/COMLEX",
    "Exam requirements",
    "Minimum scores",
    "Years since graduation",
    "International graduates",
    "Visa sponsorship",
]


def structured(client, path):
    found = [
        json.loads(script.string)
        for script in parse(client.get(path).content).find_all("script", type="application/ld+json")
    ]
    return found


def program(client, path):
    return next(data for data in structured(client, path) if data.get("@type") == "EducationalOccupationalProgram")


def test_the_seed_states_no_eligibility_so_none_is_shown(client, site):
    labels = facts_of(facts_panel(client, "/apply/"))
    assert "NRMP program code" in labels  # control: the panel is there
    for label in ELIGIBILITY_LABELS:
        assert label not in labels
    assert "programPrerequisites" not in program(client, "/apply/")


@pytest.mark.parametrize("path", ["/", "/apply/"])
def test_eligibility_and_visa_are_shown_at_a_glance(client, apply_page, path):
    set_eligibility(apply_page)

    facts = facts_of(facts_panel(client, path))

    assert {label: facts[label] for label in ELIGIBILITY_LABELS} == {
        "USMLE/COMLEX": "USMLE or COMLEX accepted",
        "Exam requirements": "Step 2 CK results before ranking",
        "Minimum scores": "None",
        "Years since graduation": "At most 5 years since medical school graduation",
        "International graduates": "Accepted",
        "Visa sponsorship": "J-1",
    }


def test_not_accepted_is_an_answer_not_a_blank(client, apply_page):
    apply_page.international_graduates = False
    apply_page.years_since_graduation = 1
    apply_page.save_revision().publish()

    facts = facts_of(facts_panel(client, "/apply/"))

    assert facts["International graduates"] == "Not accepted"
    assert facts["Years since graduation"] == "At most 1 year since medical school graduation"


def test_eligibility_reaches_the_structured_data(client, apply_page):
    set_eligibility(apply_page)

    assert program(client, "/apply/")["programPrerequisites"] == [
        "USMLE/COMLEX: USMLE or COMLEX accepted",
        "Exam requirements: Step 2 CK results before ranking",
        "Minimum scores: None",
        "Years since graduation: At most 5 years since medical school graduation",
        "International graduates: Accepted",
        "Visa sponsorship: J-1",
    ]


def test_stated_minimum_scores_are_shown_as_written(admin, client, apply_page):
    form = application_form(apply_page, minimum_scores="stated", minimum_scores_detail="Step 2 CK 230")
    form["action-publish"] = "action-publish"

    assert admin.post(f"/admin/pages/{apply_page.pk}/edit/", form).status_code == 302

    assert facts_of(facts_panel(client, "/apply/"))["Minimum scores"] == "Step 2 CK 230"


@pytest.mark.parametrize(
    ("choice", "detail", "message"),
    [
        ("stated", "", "Give the minimum scores, or choose another answer."),
        ("none", "Step 2 CK 230", "Leave this blank unless &quot;Minimum scores apply&quot;."),
    ],
)
def test_minimum_scores_that_contradict_their_answer_are_refused(admin, apply_page, choice, detail, message):
    form = application_form(apply_page, minimum_scores=choice, minimum_scores_detail=detail)
    form["action-publish"] = "action-publish"

    response = admin.post(f"/admin/pages/{apply_page.pk}/edit/", form)

    assert response.status_code == 200
    assert message in response.content.decode()
    apply_page.refresh_from_db()
    assert apply_page.minimum_scores == ""


def test_typed_dates_are_listed_under_their_kind_and_first_invitations_shown_at_a_glance(client, apply_page):
    season_dates(apply_page)

    section = parse(client.get("/apply/").content).find("section", class_="key-dates")
    titles = [h.get_text(strip=True) for h in section.find_all("h3")]
    assert titles == ["First-wave interview invitations", "Virtual interview days", "Match Day"]
    # A date with its own title also says what kind it is; one named by its kind says it once.
    kinds = [p.get_text(strip=True) for p in section.select(".key-date__kind")]
    assert kinds == ["Interview dates"]
    assert facts_of(facts_panel(client, "/apply/"))["First-wave interview invitations"] == "October 14, 2031"


def test_typed_dates_are_in_the_calendar_feed_with_their_kind(client, apply_page):
    season_dates(apply_page)

    calendar = icalendar.Calendar.from_ical(client.get("/key-dates.ics").content)
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}

    assert set(events) == {
        "Application deadline: Primary Care Program",
        "First-wave interview invitations",
        "Virtual interview days",
        "Match Day",
    }
    assert events["Match Day"].decoded("DTSTART") == datetime(2032, 3, 19, 12, 0, tzinfo=EASTERN)
    assert events["Virtual interview days"]["CATEGORIES"].cats == ["Interview dates"]
    assert "CATEGORIES" not in events["Application deadline: Primary Care Program"]


def test_typed_dates_are_schema_org_events(client, apply_page):
    season_dates(apply_page)

    (graph,) = [data for data in structured(client, "/apply/") if "@graph" in data]

    assert [(event["@type"], event["name"], event["startDate"]) for event in graph["@graph"]] == [
        ("Event", "First-wave interview invitations", "2031-10-14T09:00:00-04:00"),
        ("Event", "Virtual interview days", "2031-11-03T08:00:00-05:00"),
        ("Event", "Match Day", "2032-03-19T12:00:00-04:00"),
    ]
    interviews = graph["@graph"][1]
    assert interviews["endDate"] == "2031-11-03T13:00:00-05:00"
    assert interviews["location"] == {"@type": "Place", "name": "Online"}
    assert interviews["organizer"] == {"@type": "Hospital", "name": "Massachusetts General Hospital"}
    assert interviews["url"] == apply_page.get_full_url()


def test_the_seeded_apply_page_has_no_events_markup(client, site):
    assert [data for data in structured(client, "/apply/") if "@graph" in data] == []


def test_an_other_date_needs_a_title(admin, apply_page):
    event = {"kind": "other", "title": "", "start": "2031-10-08 17:00"}
    form = application_form(apply_page, key_dates=streamfield([("event", event)]))

    response = admin.post(f"/admin/pages/{apply_page.pk}/edit/", form)

    assert response.status_code == 200
    assert "Give the date a title, or choose its kind." in response.content.decode()


def test_interview_day_signals_and_status_are_hidden_while_empty(client, site):
    html = client.get("/apply/").content.decode()

    assert "Applying through ERAS" in html  # control
    for heading in ("The interview day", "Application signals", "Hearing about your interview"):
        assert heading not in html


def test_interview_day_signals_and_status_are_shown_once_set(admin, client, apply_page):
    form = application_form(
        apply_page,
        interview_format="virtual",
        interview_itinerary=streamfield(
            [
                ("step", {"time": "8:00 a.m.", "activity": "Welcome from the program director"}),
                ("step", {"time": "9:00 a.m.", "activity": "Interviews with faculty"}),
            ]
        ),
        signal_policy=rich_text("<p>We review every application, signal or not.</p>"),
        interview_status_reporting="Every applicant hears by email by November 15.",
    )
    form["action-publish"] = "action-publish"
    assert admin.post(f"/admin/pages/{apply_page.pk}/edit/", form).status_code == 302

    page = parse(client.get("/apply/").content)

    day = page.find("section", class_="interview-day")
    assert day.find(class_="interview-day__format").get_text(strip=True) == "Interviews are virtual."
    assert [" ".join(step.get_text(" ").split()) for step in day.select(".itinerary__step")] == [
        "8:00 a.m. Welcome from the program director",
        "9:00 a.m. Interviews with faculty",
    ]
    signals = page.find("h2", id="signals-heading").find_parent("section")
    assert signals.get_text(" ", strip=True) == "Application signals We review every application, signal or not."
    status = page.find("h2", id="interview-status-heading").find_parent("section")
    assert status.find("p").get_text(strip=True) == "Every applicant hears by email by November 15."


def test_the_editor_explains_what_applicants_look_for(admin, apply_page):
    html = admin.get(f"/admin/pages/{apply_page.pk}/edit/").content.decode()

    for text in (
        "Osteopathic applicants look for this first.",
        "Applicants skip programs with cut-offs they miss",
        "compare it with the national listing",
        "the first-wave invitation date is asked of every internal medicine program",
    ):
        assert text in html
