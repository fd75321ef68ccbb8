"""Rich text and StreamField content written by code or a data load, straight to the database, reaches no page raw:
no script, no event handler, no javascript: link, while bold text and page links still render."""

import json
from html.parser import HTMLParser

from wagtail.blocks import StreamValue

import pytest

from pages.models import StandardPage
from pages.rich_text import clean_html

pytestmark = pytest.mark.django_db

HOSTILE = (
    "<p>ok</p><script>alert(1)</script><img src=x onerror=alert(1)>"
    '<a href="javascript:alert(1)">x</a><a href=" jav&#x09;ascript:alert(1)">tab</a>'
    '<p onmouseover="alert(1)" style="color:red">hover</p><iframe src="https://evil.example/"></iframe>'
    '<svg onload="alert(1)"><script>alert(1)</script></svg><a href="data:text/html,alert(1)">data</a>'
)


def hostile_with_controls(apply_page):
    """The hostile markup, with the harmless parts the page must keep: bold text and a link to a page."""
    return f'{HOSTILE}<p><b>ok</b> and <a linktype="page" id="{apply_page.pk}">how to apply</a></p>'


class Elements(HTMLParser):
    """Every element of a page with its attributes, and the text inside each script element."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self._in_script = [], [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append([dict(attrs), ""])

    def handle_data(self, data):
        if self._in_script is not None:
            self.scripts[-1][1] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def assert_nothing_runs(html):
    elements = Elements(html)
    for attrs, text in elements.scripts:
        # The site's own only: its scripts from /static/, and its JSON-LD, which is data whose "<" are escaped.
        if attrs.get("type") == "application/ld+json":
            assert "<" not in text
            json.loads(text)
        else:
            assert attrs.get("src", "").startswith("/static/"), attrs
            assert text == ""
    for tag, attrs in elements.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            value = "".join((attrs.get(name) or "").split()).lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
        assert tag not in {"iframe", "svg", "object", "embed"}
    assert "<iframe" not in html and "evil.example" not in html


def assert_controls_render(html, apply_page):
    assert "<b>ok</b>" in html
    assert f'<a href="{apply_page.url}">how to apply</a>' in html


# Every rich text field the page templates show, by the fixture of the page it is on.
RICH_TEXT_FIELDS = [
    ("home", "letter"),
    ("home", "continuity_body"),
    ("apply_page", "eras_instructions"),
    ("apply_page", "tracks_text"),
    ("curriculum", "core_curriculum"),
    ("equity", "mission"),
    ("equity", "systems_intro"),
    ("equity", "systems_outro"),
    ("careers", "career_paths"),
    ("careers", "further_training"),
    ("careers", "mentorship"),
    ("directory", "intro"),
]


@pytest.mark.parametrize("fixture, field", RICH_TEXT_FIELDS)
def test_a_rich_text_field_saved_by_code_is_cleaned_on_the_page(client, request, apply_page, fixture, field):
    page = request.getfixturevalue(fixture)
    setattr(page, field, hostile_with_controls(apply_page))
    page.save()

    response = client.get(page.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert_nothing_runs(html)
    assert_controls_render(html, apply_page)


def rich_body(apply_page):
    text = hostile_with_controls(apply_page)
    return [
        ("paragraph", text),
        ("quote", {"text": text, "attribution": "<script>alert(1)</script>"}),
        ("heading", {"text": '<img src=x onerror="alert(1)">', "level": "h2"}),
        ("cards", {"cards": [{"title": "<script>alert(1)</script>", "text": "<b onclick=alert(1)>c</b>"}]}),
    ]


@pytest.mark.parametrize("fixture", ["home", "curriculum", "apply_page"])
def test_streamfield_blocks_saved_by_code_are_cleaned_on_the_page(client, request, apply_page, fixture):
    page = request.getfixturevalue(fixture)
    page.body = rich_body(apply_page)
    page.save()

    html = client.get(page.url).content.decode()

    assert_nothing_runs(html)
    assert_controls_render(html, apply_page)
    assert html.count('<blockquote class="quote__text"><p>ok</p>') == 1
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html  # a heading is text, shown as typed


def test_a_raw_json_streamfield_value_loaded_straight_is_cleaned(client, curriculum, apply_page):
    # As a data load writes it: the JSON of the stream, list items with rich text among them.
    raw = [{"type": "item", "value": {"heading": "Item", "text": hostile_with_controls(apply_page), "link": {}}}]
    type(curriculum).objects.filter(pk=curriculum.pk).update(enhanced_items=json.dumps(raw))

    html = client.get(curriculum.url).content.decode()

    assert_nothing_runs(html)
    assert_controls_render(html, apply_page)


def test_a_standard_page_with_a_hostile_intro_and_body_is_cleaned(client, home, apply_page):
    hostile = hostile_with_controls(apply_page)
    page = home.add_child(instance=StandardPage(title="Visiting", slug="visiting", intro=hostile))
    page.body = StreamValue(page.body.stream_block, [("paragraph", hostile)], is_lazy=False)
    page.save_revision().publish()

    html = client.get(page.url).content.decode()

    assert_nothing_runs(html)
    assert html.count("<b>ok</b>") == 2


def test_a_document_link_and_a_mail_link_survive_the_cleaning():
    html = clean_html('<p><a href="mailto:pcp@mgh.harvard.edu">Email</a> <a href="https://www.nrmp.org/">NRMP</a></p>')

    assert html == '<p><a href="mailto:pcp@mgh.harvard.edu">Email</a> <a href="https://www.nrmp.org/">NRMP</a></p>'


def test_the_editor_formatting_survives_the_cleaning():
    html = "<p><b>bold</b> <i>italic</i><br/>next line</p><ul><li>one</li></ul><ol><li>first</li></ol>"

    assert clean_html(html) == html


def test_a_staff_bio_and_title_saved_by_code_are_text(client, directory, staff):
    member = next(iter(staff.values()))
    member.bio = "<script>alert(1)</script><img src=x onerror=alert(1)> Sees patients at <b>Chelsea</b>."
    member.title = '<a href="javascript:alert(1)">Chief</a>'
    member.save()

    html = client.get(directory.url).content.decode()

    assert_nothing_runs(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as the text it is
    assert "Sees patients at &lt;b&gt;Chelsea&lt;/b&gt;." in html


def test_json_ld_and_search_snippets_carry_no_raw_script(client, home, apply_page):
    home.listing_summary = "</script><script>alert(1)</script> Primary care <img src=x onerror=alert(1)>"
    home.letter = hostile_with_controls(apply_page) + "<p>continuity clinic</p>"
    home.save()

    page = client.get(home.url).content.decode()
    search = client.get("/search/?q=continuity").content.decode()

    assert_nothing_runs(page)
    ld = [text for attrs, text in Elements(page).scripts if attrs.get("type") == "application/ld+json"]
    assert ld and all(json.loads(text) for text in ld), "positive control: the structured data is there and parses"
    assert_nothing_runs(search)
    assert "<mark>" in search, "positive control: the search found the page"


def test_the_api_gives_no_raw_script(client, home, apply_page):
    home.listing_summary = "<script>alert(1)</script> Primary care"
    home.save()

    listing = client.get("/api/v2/pages/?fields=*")
    detail = client.get(f"/api/v2/pages/{home.pk}/")

    assert listing.status_code == 200 and detail.status_code == 200
    assert detail.json()["listing_summary"] == "<script>alert(1)</script> Primary care"  # JSON text, as stored
    assert detail["Content-Type"] == "application/json"
    for response in (listing, detail):
        body = json.dumps(response.json())
        assert home.letter not in body  # rich text is not published by the API


def test_the_check_catches_the_raw_markup():
    with pytest.raises(AssertionError):
        assert_nothing_runs(HOSTILE)
    for part in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">x</a>'):
        with pytest.raises(AssertionError):
            assert_nothing_runs(part)
