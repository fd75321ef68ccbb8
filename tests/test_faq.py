"""The FAQ page: created by editors, questions with rich-text answers, FAQPage JSON-LD, found by search."""

import json

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from pages.models import FAQPage
from tests.conftest import client_for
from tests.page_text import parse

pytestmark = pytest.mark.django_db

QUESTIONS = [
    ("Do you sponsor visas?", "<p>Yes: the program sponsors J-1 visas through ECFMG.</p>"),
    (
        "Is there a minimum score?",
        '<p>No. We read every application <a href="https://example.org/holistic">whole</a>.</p>',
    ),
]


@pytest.fixture
def faq(home):
    page = FAQPage(
        title="Frequently Asked Questions",
        slug="faq",
        listing_summary="Answers to what applicants ask us most.",
        questions=[("question", {"question": q, "answer": a}) for q, a in QUESTIONS],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def json_ld(response):
    return [
        json.loads(script.string) for script in parse(response.content).find_all("script", type="application/ld+json")
    ]


def test_the_seed_states_no_questions_so_no_faq_page_is_published(site):
    assert not FAQPage.objects.exists()


def test_faq_page_shows_each_question_with_its_answer(client, faq):
    main = parse(client.get("/faq/").content).find("main")

    questions = [h.get_text(strip=True) for h in main.select(".faq__question")]
    assert questions == [q for q, _a in QUESTIONS]
    answers = main.select(".faq__answer")
    assert answers[0].get_text(strip=True) == "Yes: the program sponsors J-1 visas through ECFMG."
    assert answers[1].find("a")["href"] == "https://example.org/holistic"


def test_faq_page_is_marked_up_as_a_schema_org_faq_page(client, faq):
    (data,) = json_ld(client.get("/faq/"))

    assert data["@type"] == "FAQPage"
    assert data["url"] == "http://localhost/faq/"
    assert [(item["@type"], item["name"]) for item in data["mainEntity"]] == [
        ("Question", "Do you sponsor visas?"),
        ("Question", "Is there a minimum score?"),
    ]
    assert data["mainEntity"][0]["acceptedAnswer"] == {
        "@type": "Answer",
        "text": "<p>Yes: the program sponsors J-1 visas through ECFMG.</p>",
    }


def test_an_faq_page_without_questions_has_no_faq_markup(client, faq):
    faq.questions = []
    faq.save_revision().publish()

    assert json_ld(client.get("/faq/")) == []


def test_a_word_found_only_in_an_answer_finds_the_faq_page(client, faq):
    response = client.get("/search/", {"q": "ECFMG"})

    titles = [t.get_text(" ", strip=True) for t in parse(response.content).select(".search-result__title")]
    assert titles == ["Frequently Asked Questions"]
    # Control: a word on no page finds nothing.
    none = client.get("/search/", {"q": "zeppelin"})
    assert parse(none.content).select(".search-result__title") == []


def test_program_manager_adds_the_faq_page_once(program_manager, home):
    manager = client_for(program_manager)
    url = f"/admin/pages/add/pages/faqpage/{home.pk}/"
    data = nested_form_data(
        {
            "title": "FAQ",
            "slug": "faq",
            "questions": streamfield(
                [("question", {"question": "When do invitations go out?", "answer": rich_text("<p>In October.</p>")})]
            ),
            "body": streamfield([]),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            "action-publish": "action-publish",
        }
    )

    assert manager.get(url).status_code == 200
    response = manager.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    page = FAQPage.objects.get()
    assert page.live
    assert page.questions[0].value["question"] == "When do invitations go out?"
    assert not FAQPage.can_create_at(home)  # one FAQ page
