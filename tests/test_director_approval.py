"""The Apply page's Director approval workflow: a program manager submits, a director decides."""

import re

from django.test import Client

from wagtail.models import TaskState, WorkflowState

import pytest

from editorial.roles import WORKFLOW_NAME
from tests.conftest import edit_form, refused, submit_new_deadline


@pytest.fixture
def manager(program_manager):
    client = Client()
    client.force_login(program_manager)
    return client


@pytest.fixture
def reviewer(director):
    client = Client()
    client.force_login(director)
    return client


def test_the_apply_page_uses_director_approval(apply_page, roles):
    assert apply_page.get_workflow().name == WORKFLOW_NAME


def test_submitted_deadline_is_public_only_after_a_director_approves(client, manager, reviewer, apply_page):
    task_state = submit_new_deadline(manager, apply_page)
    assert task_state.task.name == WORKFLOW_NAME
    assert "September 26, 2031" not in client.get("/apply/").content.decode()

    response = reviewer.post(
        f"/admin/pages/workflow/action/{apply_page.pk}/approve/{task_state.pk}/", {"comment": "Matches the NRMP"}
    )

    assert response.status_code == 302
    assert "September 26, 2031" in client.get("/apply/").content.decode()
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.comment == "Matches the NRMP"
    assert task_state.finished_by.username == "director"


def test_a_director_can_ask_for_changes_with_a_comment(client, manager, reviewer, apply_page):
    task_state = submit_new_deadline(manager, apply_page)

    reviewer.post(
        f"/admin/pages/workflow/action/{apply_page.pk}/reject/{task_state.pk}/",
        {"comment": "The deadline is a day late"},
    )

    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == "The deadline is a day late"
    assert task_state.workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert "September 26, 2031" not in client.get("/apply/").content.decode()


def test_a_program_manager_cannot_approve(manager, apply_page):
    task_state = submit_new_deadline(manager, apply_page)
    response = manager.post(f"/admin/pages/workflow/action/{apply_page.pk}/approve/{task_state.pk}/", {})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_a_program_manager_cannot_publish_the_apply_page_directly(client, manager, apply_page):
    url, data = edit_form(manager, apply_page, application_deadline="2031-09-26 23:59")
    assert 'name="action-publish"' not in manager.get(url).content.decode()
    data["action-publish"] = "action-publish"

    response = manager.post(url, data)

    assert response["Location"] == "/admin/"
    assert "September 26, 2031" not in client.get("/apply/").content.decode()


def test_a_program_manager_publishes_other_pages_directly(manager, curriculum):
    assert 'name="action-publish"' in manager.get(f"/admin/pages/{curriculum.pk}/edit/").content.decode()


def test_a_program_manager_cannot_bulk_publish_the_apply_page(client, manager, apply_page):
    apply_page.application_deadline = apply_page.application_deadline.replace(year=2031)
    apply_page.save_revision()
    url = f"/admin/bulk/wagtailcore/page/publish/?id={apply_page.pk}"
    manager.post(url)
    assert "September 26, 2031" not in client.get("/apply/").content.decode()


def test_a_program_manager_cannot_publish_the_apply_page_through_the_admin_api(client, manager, apply_page):
    apply_page.application_deadline = apply_page.application_deadline.replace(year=2031)
    apply_page.save_revision()
    response = manager.post(f"/admin/api/main/pages/{apply_page.pk}/action/publish/", content_type="application/json")
    assert response.status_code == 403
    assert "September 26, 2031" not in client.get("/apply/").content.decode()


def test_a_scheduled_publish_by_a_program_manager_is_refused_too(manager, apply_page):
    url, data = edit_form(manager, apply_page, go_live_at="2031-01-01 09:00")
    data["action-publish"] = "action-publish"
    manager.post(url, data)
    apply_page.refresh_from_db()
    assert not apply_page.revisions.filter(approved_go_live_at__isnull=False).exists()


def review_links(reviewer):
    """The preview and compare links the director's "Awaiting your review" panel offers."""
    html = reviewer.get("/admin/").content.decode()
    panel = html[html.index("awaiting-review-content") :]
    return {
        "preview": re.search(r'href="(/admin/pages/workflow/preview/[^"]+)"', panel).group(1),
        "live": re.search(r'href="(/admin/pages/\d+/revisions/compare/live\.\.\.\d+/)"', panel).group(1),
        "previous": re.search(r'href="(/admin/pages/\d+/revisions/compare/\d+\.\.\.\d+/)"', panel).group(1),
    }


def test_a_director_opens_the_preview_and_comparisons_of_the_revision_to_review(manager, reviewer, apply_page):
    submit_new_deadline(manager, apply_page)

    for name, url in review_links(reviewer).items():
        response = reviewer.get(url)
        assert response.status_code == 200, name
        assert "2031" in response.content.decode(), name


def test_a_directors_comparison_offers_no_editor_or_history(manager, reviewer, apply_page):
    submit_new_deadline(manager, apply_page)
    html = reviewer.get(review_links(reviewer)["live"]).content.decode()
    assert f"/admin/pages/{apply_page.pk}/edit/" not in html
    assert f"/admin/pages/{apply_page.pk}/history/" not in html


def test_a_director_reaches_nothing_else_of_the_page(manager, reviewer, apply_page, curriculum):
    task_state = submit_new_deadline(manager, apply_page)
    revision = task_state.revision
    first = apply_page.revisions.earliest("created_at")
    for url in [
        f"/admin/pages/{apply_page.pk}/edit/",
        f"/admin/pages/{apply_page.pk}/history/",
        f"/admin/pages/{apply_page.pk}/revisions/{revision.pk}/view/",
        f"/admin/pages/{apply_page.pk}/revisions/compare/earliest...latest/",
        f"/admin/pages/{apply_page.pk}/revisions/compare/{first.pk}...live/",
        f"/admin/pages/{apply_page.pk}/revisions/compare/live...{first.pk}/",
        f"/admin/pages/{curriculum.pk}/revisions/compare/earliest...latest/",
    ]:
        assert refused(reviewer.get(url)), url


def test_the_review_links_close_once_the_review_is_done(manager, reviewer, apply_page):
    task_state = submit_new_deadline(manager, apply_page)
    links = review_links(reviewer)
    reviewer.post(f"/admin/pages/workflow/action/{apply_page.pk}/approve/{task_state.pk}/", {"comment": ""})

    for url in links.values():
        assert reviewer.get(url).status_code != 200, url


def test_the_dashboard_offers_a_director_no_page_editor(manager, reviewer, apply_page):
    submit_new_deadline(manager, apply_page)
    html = reviewer.get("/admin/").content.decode()
    assert "Awaiting your review" in html
    assert f"/admin/pages/{apply_page.pk}/edit/" not in html


def test_a_program_manager_still_compares_the_apply_pages_revisions(manager, apply_page):
    task_state = submit_new_deadline(manager, apply_page)
    response = manager.get(f"/admin/pages/{apply_page.pk}/revisions/compare/live...{task_state.revision_id}/")
    assert response.status_code == 200
    assert "2031" in response.content.decode()
