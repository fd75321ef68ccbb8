"""The admin dashboard: the application deadline with its state, and recent staff changes with who and when."""

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
