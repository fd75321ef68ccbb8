"""The admin dashboard: the application deadline with its state, the Apply page's review, recent staff
changes with who and when, and only what each role can use."""

import re
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import querydict_from_html

from staff.models import StaffMember
from tests.conftest import client_for, named, post_edit, submit_new_deadline


def dashboard(user):
    return client_for(user).get("/admin/").content.decode()


def test_program_manager_sees_the_deadline_state_and_an_edit_link(program_manager, apply_page):
    html = dashboard(program_manager)
    assert "Application deadline" in html
    assert "September 26, 2023, 11:59 p.m. Eastern Time" in html
    assert "Deadline passed" in html
    assert f"/admin/pages/{apply_page.pk}/edit/" in html


def test_director_sees_the_deadline_without_an_edit_link(director, apply_page):
    html = dashboard(director)
    assert "Deadline passed" in html
    assert f"/admin/pages/{apply_page.pk}/edit/" not in html


def test_recent_staff_changes_name_who_made_them(director, program_manager, staff):
    member = staff["ricci"]
    member.title = "Program Coordinator"
    member.save_revision(user=director, log_action=True).publish(user=director)

    for user, linked in ((director, True), (program_manager, False)):
        html = dashboard(user)
        assert "Faculty &amp; staff changed recently" in html
        assert member.display_name in html
        assert "director" in html
        assert (f"/admin/snippets/staff/staffmember/edit/{member.pk}/" in html) is linked


def test_the_dashboard_notes_a_change_awaiting_approval(director, program_manager, apply_page):
    from wagtail.models import Workflow

    apply_page.save_revision(user=program_manager)
    Workflow.objects.get(name="Director approval").start(apply_page, program_manager)
    assert "awaiting director approval" in dashboard(director)


PAGE_SEARCH = re.compile(r'<form[^>]*action="/admin/pages/\d+/"[^>]*role="search"')


def test_director_is_offered_no_page_search(director):
    assert "Search all pages" not in dashboard(director)
    assert not PAGE_SEARCH.search(dashboard(director))


def test_program_manager_and_superuser_keep_the_page_search(program_manager, superuser):
    for user in (program_manager, superuser):
        html = dashboard(user)
        assert "Search all pages" in html
        assert PAGE_SEARCH.search(html)


def test_director_is_refused_the_choose_a_parent_page_screen(director_client):
    response = director_client.get("/admin/pages/create/pages/standardpage")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert "Choose parent" not in director_client.get("/admin/").content.decode()


def test_program_manager_is_taken_to_the_one_place_a_page_can_go(pm_client, home):
    response = pm_client.get("/admin/pages/create/pages/standardpage")
    assert response["Location"] == f"/admin/pages/add/pages/standardpage/{home.pk}/"


STAFF_ADD = "/admin/snippets/staff/staffmember/add/"


def staff_rows(user):
    html = dashboard(user)
    table = html[html.index("Faculty &amp; staff changed recently") :]
    table = table[: table.index("</table>")]
    return re.findall(r"<tr>\s*<td>(.*?)</tr>", table, re.S)


def add_staff_record(client, **fields):
    """Fill in and save the real "Add staff member" form as a draft."""
    data = querydict_from_html(client.get(STAFF_ADD).content.decode(), form_id="w-editor-form")
    for field, value in fields.items():
        data[field] = value
    assert client.post(STAFF_ADD, data).status_code == 302
    return StaffMember.objects.get(name=fields["name"])


def test_a_new_record_shows_once_with_its_latest_change(director_client, director):
    named(director, "Dana", "Director")
    member = add_staff_record(
        director_client, name="Jordan Lee", title="Program Assistant", category="program_staff", active="on"
    )
    post_edit(director_client, member, "action-save", title="Program Assistant, clinic")
    post_edit(director_client, member, "action-save", title="Program Assistant, clinic and admissions")
    post_edit(director_client, member, "action-publish")
    actions = ModelLogEntry.objects.filter(object_id=str(member.pk)).values_list("action", flat=True)
    assert {"wagtail.create", "wagtail.edit", "wagtail.publish"} <= set(actions)

    rows = [row for row in staff_rows(director) if "Jordan Lee" in row]

    assert len(rows) == 1
    assert "Published" in rows[0]
    assert "Dana Director" in rows[0]


def test_each_recent_row_is_a_different_record(director, staff):
    for member in staff.values():
        for title in ("First draft title", "Second draft title"):
            member.title = title
            member.save_revision(user=director, log_action=True)
    rows = staff_rows(director)
    assert len(rows) == 5
    assert len({re.search(r"edit/(\d+)/", row).group(1) for row in rows}) == 5


def test_the_staff_changes_take_the_same_queries_however_long_the_history(director, staff):
    def dashboard_queries():
        with CaptureQueriesContext(connection) as queries:
            dashboard(director)
        return len(queries)

    member = staff["ricci"]
    member.save_revision(user=director, log_action=True)
    before = dashboard_queries()
    for member in staff.values():
        for _ in range(3):
            member.save_revision(user=director, log_action=True)
    assert dashboard_queries() == before


def test_a_deleted_record_is_named_without_a_dead_link(admin, director, staff):
    member = staff["ford"]
    assert admin.post(f"/admin/snippets/staff/staffmember/delete/{member.pk}/").status_code == 302

    rows = [row for row in staff_rows(director) if member.name in row]

    assert len(rows) == 1
    assert "Deleted" in rows[0]
    assert f"/edit/{member.pk}/" not in rows[0]


def request_changes(director, task_state, comment):
    client = Client()
    client.force_login(director)
    page = task_state.workflow_state.content_object
    url = f"/admin/pages/workflow/action/{page.pk}/reject/{task_state.pk}/"
    assert client.post(url, {"comment": comment}).status_code == 302


def test_program_manager_sees_the_changes_a_director_requested(program_manager, director, apply_page):
    named(director, "Dana", "Director")
    task_state = submit_new_deadline(client_for(program_manager), apply_page)
    request_changes(director, task_state, "The deadline is a day late.")

    html = dashboard(program_manager)

    assert "Changes requested" in html
    assert "Dana Director asked for changes" in html
    assert "The deadline is a day late." in html
    assert "awaiting director approval" not in html


def test_the_request_for_changes_goes_once_the_page_is_resubmitted(program_manager, director, apply_page):
    manager = client_for(program_manager)
    request_changes(director, submit_new_deadline(manager, apply_page), "The deadline is a day late.")
    assert "The deadline is a day late." in dashboard(program_manager)

    submit_new_deadline(manager, apply_page)

    html = dashboard(program_manager)
    assert "The deadline is a day late." not in html
    assert "awaiting director approval" in html


def test_the_request_for_changes_goes_once_a_director_approves(program_manager, director, apply_page):
    manager = client_for(program_manager)
    request_changes(director, submit_new_deadline(manager, apply_page), "The deadline is a day late.")
    task_state = submit_new_deadline(manager, apply_page)

    reviewer = client_for(director)
    reviewer.post(f"/admin/pages/workflow/action/{apply_page.pk}/approve/{task_state.pk}/", {"comment": ""})

    assert "The deadline is a day late." not in dashboard(program_manager)
    assert "Changes requested" not in dashboard(program_manager)


def test_a_passed_deadline_tells_editors_the_next_one_is_due(program_manager, apply_page):
    html = dashboard(program_manager)
    assert "The next deadline is due." in html
    assert re.search(
        rf'<a href="/admin/pages/{apply_page.pk}/edit/">\s*Set the next deadline on the Apply page\s*</a>', html
    )


def test_directors_hear_the_next_deadline_is_due_without_an_edit_link(director, apply_page):
    html = dashboard(director)
    assert "The next deadline is due." in html
    assert "Set the next deadline" not in html


def test_a_future_deadline_is_not_reported_as_due(program_manager, apply_page):
    apply_page.application_deadline = timezone.now() + timedelta(days=90)
    apply_page.save_revision().publish()

    html = dashboard(program_manager)

    assert "Applications open" in html
    assert "The next deadline is due." not in html
    assert "Set the next deadline" not in html
    assert "Open the Apply page in the editor" in html


def test_dashboard_lists_the_recruitment_facts_still_empty_with_edit_links(program_manager, apply_page):
    from pages.models import WellnessPage

    html = dashboard(program_manager)
    wellness = WellnessPage.objects.get()

    assert "Recruitment facts still empty" in html
    for label in ("USMLE/COMLEX policy", "Visa sponsorship", "Application signals", "Wellness lead"):
        assert f"<li>{label}</li>" in html
    assert "<li>Key date: first-wave interview invitations</li>" in html
    assert f'<a href="/admin/pages/{apply_page.pk}/edit/">{apply_page.title}</a>' in html
    assert f'<a href="/admin/pages/{wellness.pk}/edit/">{wellness.title}</a>' in html
    # The seed states the retreats: not listed as empty.
    assert "<li>Wellness items</li>" not in html


def test_a_fact_set_leaves_the_list_and_not_accepted_counts_as_set(program_manager, apply_page):
    assert "<li>Visa sponsorship</li>" in dashboard(program_manager)  # control
    apply_page.visa_sponsorship = "none"
    apply_page.international_graduates = False
    apply_page.save_revision().publish()

    html = dashboard(program_manager)

    assert "<li>Visa sponsorship</li>" not in html
    assert "<li>International medical graduates</li>" not in html
    assert "<li>USMLE/COMLEX policy</li>" in html


def test_director_sees_the_empty_facts_without_edit_links(director, apply_page):
    html = dashboard(director)

    assert "<li>Visa sponsorship</li>" in html
    assert f"/admin/pages/{apply_page.pk}/edit/" not in html
