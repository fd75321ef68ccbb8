"""The admin dashboard: the application deadline with its state, the Apply page's review, recent staff
changes with who and when, and only what each role can use."""

import re

from django.test import Client


def dashboard(user):
    client = Client()
    client.force_login(user)
    return client.get("/admin/").content.decode()


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
