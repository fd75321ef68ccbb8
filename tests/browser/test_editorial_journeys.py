"""The editors' journeys in a real browser: each role logs in and does its daily work, or is refused."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot
from tests.conftest import named

pytestmark = pytest.mark.django_db(transaction=True)


def portrait_png():
    """A small PNG portrait to upload, made on the spot."""
    buffer = io.BytesIO()
    Image.new("RGB", (480, 480), (18, 53, 91)).save(buffer, format="PNG")
    return {"name": "jordan-lee.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def group_names(page, heading):
    """The names listed under one group heading on the public Faculty & Staff page."""
    section = page.locator("section", has=page.get_by_role("heading", name=heading, level=2))
    return [name.strip() for name in section.locator(".staff-card__name").all_inner_texts()]


def publish(page):
    page.get_by_role("button", name="More actions").click()
    page.locator('button[name="action-publish"]').click()


def enter_new_deadline(new_page, apply_page):
    """The program manager's editor for the Apply page, with a new deadline and the actions menu open."""
    manager = new_page()
    log_in(manager, "pm")
    manager.goto(f"/admin/pages/{apply_page.pk}/edit/")
    deadline = manager.get_by_label("Application deadline")
    deadline.fill("2031-09-26 23:59")
    deadline.press("Escape")
    manager.get_by_role("button", name="More actions").click()
    return manager


def submit_for_approval(manager):
    manager.locator('button[name="action-submit"]').click()
    expect(manager.get_by_text("has been submitted for moderation")).to_be_visible()


def test_program_manager_edits_previews_and_publishes_the_curriculum(new_page, program_manager, curriculum):
    named(program_manager, "Pat", "Manager")
    page = new_page()
    log_in(page, "pm")
    added = "This sentence was added in the browser by the program manager."

    page.goto(f"/admin/pages/{curriculum.pk}/edit/")
    editor = page.locator('[data-contentpath="core_curriculum"] [contenteditable="true"]')
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(added)
    # Draftail writes the text into the form field it submits; the preview is built from that form.
    expect(page.locator('input[name="core_curriculum"]')).to_have_value(re.compile(re.escape(added)))

    page.get_by_role("button", name="Toggle preview").click()
    expect(page.frame_locator("#w-preview-iframe").get_by_text(added)).to_be_visible(timeout=15_000)
    assert added not in page.context.request.get(curriculum.url).text()

    publish(page)
    expect(page.get_by_text("has been published")).to_be_visible()

    page.goto(curriculum.url)
    expect(page.get_by_text(added)).to_be_visible()

    page.goto(f"/admin/pages/{curriculum.pk}/history/")
    history = page.get_by_role("table")
    expect(history).to_contain_text("Published")
    expect(history).to_contain_text("Pat Manager")
    screenshot(page, "journey-1-program-manager-publishes-curriculum")


def test_director_adds_a_photographed_staff_member_second_in_their_group(new_page, director, curriculum, directory):
    page = new_page()
    log_in(page, "director")

    menu = page.get_by_role("navigation", name="Main menu")
    expect(menu.get_by_text("Faculty & staff")).to_be_visible()
    expect(menu.get_by_text("Pages", exact=True)).to_have_count(0)
    page.goto(f"/admin/pages/{curriculum.pk}/edit/")
    page.wait_for_url(re.compile(r"/admin/$"))
    expect(page.get_by_text("Sorry, you do not have permission to access this area.")).to_be_visible()

    menu.get_by_text("Faculty & staff").click()
    page.get_by_role("link", name="Add staff member").first.click()
    page.get_by_label("Name").fill("Jordan Lee")
    page.get_by_label("Title").fill("Program Assistant")
    page.get_by_label("Category").select_option(label="Program staff")
    page.get_by_role("button", name="Choose an image").click()
    modal = page.get_by_role("dialog")
    modal.get_by_role("tab", name="Upload").click()
    modal.locator('input[type="file"]').set_input_files(portrait_png())
    modal.get_by_label("Title").fill("Jordan Lee")
    modal.get_by_label("Description (alt text)").fill("Jordan Lee, smiling, in the clinic")
    modal.get_by_role("button", name="Upload").click()
    expect(page.locator(".chooser").get_by_text("Jordan Lee")).to_be_visible()
    publish(page)
    expect(page.get_by_role("row").filter(has_text="Jordan Lee").locator("img")).to_be_visible()

    # Sort mode of the listing: drag Jordan Lee's handle onto Diane Ford's, second in Program staff.
    page.locator("header").get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="Sort item order").click()
    handle = '[data-w-orderable-target="handle"]'
    new_row = page.get_by_role("row").filter(has_text="Jordan Lee")
    ford_row = page.get_by_role("row").filter(has_text="Diane Ford")
    with page.expect_response(re.compile(r"/reorder/\d+/\?position=4$")) as reordered:
        new_row.locator(handle).drag_to(ford_row.locator(handle))
    assert reordered.value.ok

    page.goto(directory.url)
    assert group_names(page, "Program staff") == ["Laura Ricci", "Jordan Lee", "Diane Ford"]
    expect(page.locator(".staff-card", has_text="Jordan Lee").locator("img.staff-card__photo")).to_be_visible()
    screenshot(page, "journey-2-director-adds-staff-second-in-group")


def test_director_saves_a_staff_draft_that_stays_private_until_published(new_page, director, staff, directory):
    page = new_page()
    log_in(page, "director")
    new_title = "Ambulatory Chief Resident and Wellness Lead"

    page.get_by_role("navigation", name="Main menu").get_by_text("Faculty & staff").click()
    page.get_by_role("link", name="Sarah Kler").click()
    page.get_by_label("Title").fill(new_title)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("updated")).to_be_visible()

    visitor = new_page()
    visitor.goto(directory.url)
    expect(visitor.get_by_text("Ambulatory Chief Resident", exact=True)).to_be_visible()
    expect(visitor.get_by_text(new_title)).to_have_count(0)

    publish(page)
    visitor.reload()
    expect(visitor.get_by_text(new_title)).to_be_visible()
    screenshot(visitor, "journey-3-staff-draft-public-only-after-publish")


def test_anonymous_visitors_reach_no_admin_page_and_no_draft(page, curriculum, staff, superuser):
    curriculum.listing_summary = "A draft summary nobody has approved."
    revision = curriculum.save_revision(user=superuser)
    member = staff["kler"]
    member.title = "A draft title"
    staff_revision = member.save_revision(user=superuser)
    guesses = [
        "/admin/",
        f"/admin/pages/{curriculum.pk}/edit/",
        f"/admin/pages/{curriculum.pk}/edit/preview/",
        f"/admin/pages/{curriculum.pk}/view_draft/",
        f"/admin/pages/{curriculum.pk}/revisions/{revision.pk}/view/",
        f"/admin/snippets/staff/staffmember/preview/{member.pk}/",
        f"/admin/snippets/staff/staffmember/history/{member.pk}/revisions/{staff_revision.pk}/view/",
    ]
    for url in guesses:
        page.goto(url)
        assert re.search(r"/admin/login/\?next=", page.url), url
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        expect(page.get_by_text("A draft")).to_have_count(0)

    for url in (curriculum.url, f"{curriculum.url}?preview=true", f"{curriculum.url}?revision={revision.pk}"):
        page.goto(url)
        expect(page.get_by_text("A draft summary")).to_have_count(0)
    page.goto("/faculty-and-staff/")
    expect(page.get_by_text("A draft title")).to_have_count(0)
    page.goto(guesses[3])
    screenshot(page, "journey-6-anonymous-sent-to-login")


def test_new_deadline_goes_public_only_after_a_director_approves(new_page, program_manager, director, apply_page):
    manager = enter_new_deadline(new_page, apply_page)
    expect(manager.locator('button[name="action-publish"]')).to_have_count(0)
    submit_for_approval(manager)

    visitor = new_page()
    visitor.goto(apply_page.url)
    expect(visitor.get_by_text("September 26, 2023").first).to_be_visible()
    expect(visitor.get_by_text("September 26, 2031")).to_have_count(0)

    reviewer = new_page()
    log_in(reviewer, "director")
    awaiting = reviewer.get_by_role("region", name="Awaiting your review")
    expect(awaiting).to_contain_text("Application Process")
    awaiting.get_by_role("button", name="Actions").click()
    awaiting.get_by_role("button", name=re.compile("Approve with comment")).click()
    modal = reviewer.get_by_role("dialog")
    modal.get_by_label("Comment").fill("Checked against the NRMP listing.")
    modal.get_by_role("button", name=re.compile("Approve")).click()
    expect(awaiting).to_have_count(0)
    expect(reviewer.get_by_role("region", name="Program at a glance")).to_contain_text("Applications open")

    visitor.reload()
    expect(visitor.get_by_text("September 26, 2031")).to_be_visible()
    screenshot(visitor, "journey-4-deadline-public-after-director-approval")


def test_a_locked_staff_record_cannot_be_edited_by_another_director(new_page, director, django_user_model, staff):
    from editorial.roles import DIRECTORS
    from tests.conftest import user_in_role

    user_in_role(django_user_model, "director2", DIRECTORS)
    member = staff["kler"]
    edit_url = f"/admin/snippets/staff/staffmember/edit/{member.pk}/"
    first = new_page()
    log_in(first, "director")
    first.goto(edit_url)
    first.get_by_role("button", name="Toggle status").click()
    first.get_by_role("region", name="Locking: Unlocked").get_by_text("Lock", exact=True).click()
    expect(first.get_by_role("region", name="Locking: Locked by you")).to_be_visible()

    second = new_page()
    log_in(second, "director2")
    second.goto(edit_url)
    expect(second.get_by_text("was locked by")).to_be_visible()
    expect(second.get_by_role("button", name="Save draft")).to_have_count(0)
    expect(second.get_by_role("button", name="Unlock")).to_have_count(0)

    first.get_by_role("region", name="Locking: Locked by you").get_by_text("Lock", exact=True).click()
    expect(first.get_by_role("region", name="Locking: Unlocked")).to_be_visible()

    second.reload()
    second.get_by_label("Title").fill("Ambulatory Chief Resident, Class of 2026")
    second.get_by_role("button", name="Save draft").click()
    expect(second.get_by_text("updated")).to_be_visible()
    screenshot(second, "journey-5-second-director-edits-after-unlock")


def test_director_compares_then_asks_for_changes_that_the_program_manager_reads(
    new_page, program_manager, director, apply_page
):
    named(director, "Dana", "Director")
    manager = enter_new_deadline(new_page, apply_page)
    expect(manager.locator('button[name="action-submit"]')).to_be_visible()
    expect(manager.get_by_role("link", name="Unpublish")).to_have_count(0)
    submit_for_approval(manager)

    reviewer = new_page()
    log_in(reviewer, "director")
    expect(reviewer.get_by_placeholder("Search all pages…")).to_have_count(0)
    awaiting = reviewer.get_by_role("region", name="Awaiting your review")
    awaiting.get_by_role("button", name="Actions").click()
    awaiting.get_by_role("link", name="Compare with live version").click()
    expect(reviewer.get_by_role("heading", name="Compare")).to_be_visible()
    expect(reviewer.get_by_role("table")).to_contain_text("2031")
    reviewer.go_back()

    awaiting.get_by_role("button", name="Actions").click()
    awaiting.get_by_role("button", name="Request changes").click()
    modal = reviewer.get_by_role("dialog")
    modal.get_by_label("Comment").fill("The NRMP lists the 25th, not the 26th.")
    modal.get_by_role("button", name=re.compile("Request changes")).click()
    expect(awaiting).to_have_count(0)

    manager.goto("/admin/")
    expect(manager.get_by_placeholder("Search all pages…")).to_be_visible()
    summary = manager.get_by_role("region", name="Program at a glance")
    expect(summary).to_contain_text("Dana Director asked for changes")
    expect(summary).to_contain_text("The NRMP lists the 25th, not the 26th.")
    screenshot(manager, "journey-7-program-manager-reads-requested-changes")
