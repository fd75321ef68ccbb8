"""Who may open which admin URL: every pattern Wagtail registers, per role, with real objects."""

from django.test import Client

import pytest

from tests.admin_urls import ALLOWED, DENIED, HIDDEN, LOGIN, AdminObjects, admin_patterns, outcome
from tests.conftest import user_in_role

A, D, N = ALLOWED, DENIED, HIDDEN

# Admin URLs anyone may open: signing in, resetting a password, and static helpers.
PUBLIC = {
    "wagtailadmin_login",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "first_password",  # a new editor's first password, from add_editor's link
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
}
# Not requested: logging out ends the session; the error test raises on purpose.
NOT_REQUESTED = {"wagtailadmin_logout", "wagtailadmin_error_test"}
# The snippets index lists snippet types without a menu item of their own; staff has one, so the
# index is empty and Wagtail refuses it to everyone, superusers included.
REFUSED_TO_ALL = {"wagtailsnippets:index"}

# (program manager, director) for every admin URL pattern: A reached, D refused, N "not found"
# (the view looks the object up among those the user may act on, or no such object exists for
# anyone, e.g. a page that is no alias). Superusers are refused nowhere.
EXPECTED = {
    # Dashboard, the admin API behind choosers and explorers, bulk actions
    "wagtailadmin_home": (A, A),
    "program_facts_export": (A, A),  # the program facts for the national listing (tests/test_program_facts_export.py)
    "two_factor": (A, A),  # each editor's own two-factor set-up, under Account (tests/test_two_factor.py)
    "admin/test404/": (A, A),
    "wagtailadmin_api:pages:listing": (A, A),
    "wagtailadmin_api:pages:detail": (A, N),
    "wagtailadmin_api:pages:find": (N, N),
    "wagtailadmin_api:pages:action": (N, N),
    "wagtailadmin_api:documents:listing": (A, A),
    "wagtailadmin_api:documents:detail": (A, A),
    "wagtailadmin_api:documents:find": (N, N),
    "wagtailadmin_api:images:listing": (A, A),
    "wagtailadmin_api:images:detail": (A, A),
    "wagtailadmin_api:images:find": (N, N),
    # Pages: program managers edit them; directors are refused (they review the Apply page in moderation)
    "wagtailadmin_explore_root": (A, D),
    "wagtailadmin_explore": (A, D),
    "wagtailadmin_explore_results": (A, D),
    "wagtail_bulk_action": (A, A),  # publishing pages: a director is shown the pages refused, none published
    "wagtailadmin_pages:add": (A, D),
    "wagtailadmin_pages:preview_on_add": (A, D),
    "wagtailadmin_pages:type_use": (A, D),
    "wagtailadmin_pages:choose_parent": (A, D),  # a director may add pages nowhere: refused, not an empty list
    "wagtailadmin_pages:type_use_results": (A, D),
    "wagtailadmin_pages:usage": (A, D),
    "wagtailadmin_pages:edit": (A, D),
    "wagtailadmin_pages:preview_on_edit": (A, D),
    "wagtailadmin_pages:view_draft": (A, D),
    "wagtailadmin_pages:add_subpage": (A, D),
    "wagtailadmin_pages:delete": (D, D),  # the section pages stay: only superusers delete or move them
    "wagtailadmin_pages:unpublish": (D, D),  # the section pages stay live: only superusers unpublish them
    "wagtailadmin_pages:convert_alias": (N, N),
    "wagtailadmin_pages:search": (A, D),
    "wagtailadmin_pages:search_results": (A, D),
    "wagtailadmin_pages:move": (D, D),
    "wagtailadmin_pages:move_confirm": (D, D),
    "wagtailadmin_pages:set_page_position": (D, D),  # reordering is moving: the navigation order stays
    "wagtailadmin_pages:copy": (A, D),
    "wagtailadmin_pages:workflow_action": (D, A),  # directors approve the Apply page
    "wagtailadmin_pages:collect_workflow_action_data": (D, A),
    "wagtailadmin_pages:confirm_workflow_cancellation": (A, A),
    "wagtailadmin_pages:workflow_preview": (D, A),
    "wagtailadmin_pages:set_privacy": (D, D),  # nor hide them behind a login or password
    "wagtailadmin_pages:lock": (D, D),
    "wagtailadmin_pages:unlock": (D, D),
    "wagtailadmin_pages:revisions_index": (A, A),
    "wagtailadmin_pages:revisions_view": (A, D),
    "wagtailadmin_pages:revisions_revert": (A, D),
    "wagtailadmin_pages:revisions_unschedule": (A, D),
    "wagtailadmin_pages:revisions_compare": (A, D),
    # A director reviews the Apply page through their task's preview and comparisons, not its history
    "wagtailadmin_pages:workflow_history": (A, D),
    "wagtailadmin_pages:workflow_history_detail": (A, D),
    "wagtailadmin_pages:history": (A, D),
    "wagtailadmin_pages:history_results": (A, D),
    # Choosers and small helpers every editor's forms use
    "wagtailadmin_choose_page": (A, A),
    "wagtailadmin_choose_page_child": (A, A),
    "wagtailadmin_choose_page_search": (A, A),
    "wagtailadmin_choose_page_chosen_multiple": (A, A),
    "wagtailadmin_choose_page_external_link": (A, A),
    "wagtailadmin_choose_page_email_link": (A, A),
    "wagtailadmin_choose_page_phone_link": (A, A),
    "wagtailadmin_choose_page_anchor_link": (A, A),
    "wagtailadmin_tag_autocomplete": (A, A),
    "wagtailadmin_tag_model_autocomplete": (N, N),
    # Collections, workflows and reports: superusers only, except the parts editors see
    "wagtailadmin_collections:index": (D, D),
    "wagtailadmin_collections:add": (D, D),
    "wagtailadmin_collections:edit": (D, D),
    "wagtailadmin_collections:delete": (N, N),
    "wagtailadmin_collections:set_privacy": (D, D),
    "wagtailadmin_workflows:index": (D, D),
    "wagtailadmin_workflows:index_results": (D, D),
    "wagtailadmin_workflows:add": (D, D),
    "wagtailadmin_workflows:enable": (D, D),
    "wagtailadmin_workflows:disable": (D, D),
    "wagtailadmin_workflows:edit": (D, D),
    "wagtailadmin_workflows:usage": (D, D),
    "wagtailadmin_workflows:usage_results": (D, D),
    "wagtailadmin_workflows:remove": (D, D),
    "wagtailadmin_workflows:add_task": (D, D),
    "wagtailadmin_workflows:select_task_type": (D, D),
    "wagtailadmin_workflows:task_index": (D, D),
    "wagtailadmin_workflows:task_index_results": (D, D),
    "wagtailadmin_workflows:edit_task": (D, D),
    "wagtailadmin_workflows:disable_task": (D, D),
    "wagtailadmin_workflows:enable_task": (D, D),
    "wagtailadmin_workflows:task_chooser": (A, A),
    "wagtailadmin_workflows:task_chooser_results": (A, A),
    "wagtailadmin_workflows:task_chooser_create": (A, A),
    "wagtailadmin_workflows:task_chosen": (A, A),
    "wagtailadmin_reports:locked_pages": (D, D),
    "wagtailadmin_reports:locked_pages_results": (D, D),
    "wagtailadmin_reports:workflow": (A, D),
    "wagtailadmin_reports:workflow_results": (A, D),
    "wagtailadmin_reports:workflow_tasks": (A, D),
    "wagtailadmin_reports:workflow_tasks_results": (A, D),
    "wagtailadmin_reports:site_history": (A, A),
    "wagtailadmin_reports:site_history_results": (A, A),
    "wagtailadmin_reports:aging_pages": (A, D),
    "wagtailadmin_reports:aging_pages_results": (A, D),
    "wagtailadmin_reports:page_types_usage": (A, D),
    "wagtailadmin_reports:page_types_usage_results": (A, D),
    # The editor's own account and editing sessions
    "wagtailadmin_account": (A, A),
    "wagtailadmin_dismissibles": (A, A),
    "wagtailadmin_editing_sessions:ping": (A, N),
    "wagtailadmin_editing_sessions:release": (A, A),
    "wagtailadmin_block_preview": (N, N),
    # Site settings: the contact details are the program manager's
    "wagtailsettings:edit": (A, D),
    "wagtailsettings:preview_on_edit": (N, D),
    # Redirects and embeds
    "wagtailredirects:index": (D, D),
    # Redirects and embeds
    "wagtailredirects:index_results": (D, D),
    "wagtailredirects:add": (D, D),
    "wagtailredirects:edit": (D, D),
    "wagtailredirects:delete": (D, D),
    "wagtailredirects:start_import": (D, D),
    "wagtailredirects:process_import": (D, D),
    "wagtailembeds:chooser": (A, A),
    "wagtailembeds:chooser_upload": (A, A),
    "wagtailsnippets:index": (D, D),
    # Documents: program managers add and choose them
    "wagtaildocs:index": (A, D),
    # Documents: program managers add and choose them
    "wagtaildocs:index_results": (A, D),
    "wagtaildocs:add": (A, D),
    "wagtaildocs:edit": (D, D),
    "wagtaildocs:delete": (D, D),
    "wagtaildocs:add_multiple": (A, D),
    "wagtaildocs:edit_multiple": (D, D),
    "wagtaildocs:create_multiple_from_uploaded_document": (D, D),
    "wagtaildocs:delete_multiple": (D, D),
    "wagtaildocs:delete_upload_multiple": (D, D),
    "wagtaildocs:document_usage": (D, D),
    # Images: both roles add and choose them; editing others' images is for superusers
    "wagtailimages:index": (A, A),
    # Images: both roles add and choose them; editing others' images is for superusers
    "wagtailimages:index_results": (A, A),
    "wagtailimages:edit": (D, D),
    "wagtailimages:delete": (D, D),
    "wagtailimages:url_generator": (N, N),
    "wagtailimages:url_generator_output": (N, N),
    "wagtailimages:preview": (D, D),
    "wagtailimages:add": (A, A),
    "wagtailimages:image_usage": (D, D),
    "wagtailimages:add_multiple": (A, A),
    "wagtailimages:edit_multiple": (D, D),
    "wagtailimages:create_multiple_from_uploaded_image": (D, D),
    "wagtailimages:delete_multiple": (D, D),
    "wagtailimages:delete_upload_multiple": (D, D),
    # Faculty & staff: directors keep them; program managers may only look
    "wagtailsnippets_staff_staffmember:list": (A, A),
    # Faculty & staff: directors keep them; program managers may only look
    "wagtailsnippets_staff_staffmember:list_results": (A, A),
    "wagtailsnippets_staff_staffmember:add": (D, A),
    "wagtailsnippets_staff_staffmember:edit": (D, A),
    "wagtailsnippets_staff_staffmember:delete": (D, D),
    "wagtailsnippets_staff_staffmember:usage": (D, A),
    "wagtailsnippets_staff_staffmember:history": (D, A),
    "wagtailsnippets_staff_staffmember:history_results": (D, A),
    "wagtailsnippets_staff_staffmember:reorder": (D, A),
    "wagtailsnippets_staff_staffmember:copy": (D, A),
    "wagtailsnippets_staff_staffmember:preview_on_add": (D, A),
    "wagtailsnippets_staff_staffmember:preview_on_edit": (D, A),
    "wagtailsnippets_staff_staffmember:revisions_view": (D, A),
    "wagtailsnippets_staff_staffmember:revisions_revert": (D, A),
    "wagtailsnippets_staff_staffmember:revisions_compare": (D, A),
    "wagtailsnippets_staff_staffmember:revisions_unschedule": (D, A),
    "wagtailsnippets_staff_staffmember:unpublish": (D, A),
    "wagtailsnippets_staff_staffmember:lock": (D, A),
    "wagtailsnippets_staff_staffmember:unlock": (D, D),  # lifting a colleague's lock is for superusers
    "wagtailsnippetchoosers_staff_staffmember:choose": (A, A),
    "wagtailsnippetchoosers_staff_staffmember:choose_results": (A, A),
    "wagtailsnippetchoosers_staff_staffmember:chosen": (A, A),
    "wagtailsnippetchoosers_staff_staffmember:chosen_multiple": (A, A),
    "wagtailsnippetchoosers_staff_staffmember:create": (D, A),
    # Sites, users and groups: superusers only
    "wagtailsites:index": (D, D),
    # Sites, users and groups: superusers only
    "wagtailsites:index_results": (D, D),
    "wagtailsites:add": (D, D),
    "wagtailsites:edit": (D, D),
    "wagtailsites:delete": (D, D),
    "wagtailsites:history": (D, D),
    "wagtailsites:history_results": (D, D),
    "wagtailsites:usage": (D, D),
    "wagtailsites:copy": (D, D),
    "wagtailusers_users:index": (D, D),
    "wagtailusers_users:index_results": (D, D),
    "wagtailusers_users:add": (D, D),
    "wagtailusers_users:edit": (D, D),
    "wagtailusers_users:delete": (D, D),
    "wagtailusers_users:history": (D, D),
    "wagtailusers_users:history_results": (D, D),
    "wagtailusers_users:usage": (D, D),
    "wagtailusers_users:copy": (D, D),
    "wagtailusers_groups:index": (D, D),
    "wagtailusers_groups:index_results": (D, D),
    "wagtailusers_groups:add": (D, D),
    "wagtailusers_groups:edit": (D, D),
    "wagtailusers_groups:delete": (D, D),
    "wagtailusers_groups:history": (D, D),
    "wagtailusers_groups:history_results": (D, D),
    "wagtailusers_groups:usage": (D, D),
    # Document and image choosers
    "wagtaildocs_chooser:choose": (A, A),
    # Document and image choosers
    "wagtaildocs_chooser:choose_results": (A, A),
    "wagtaildocs_chooser:chosen": (A, D),
    "wagtaildocs_chooser:chosen_multiple": (A, A),
    "wagtaildocs_chooser:create": (A, D),
    "wagtailimages_chooser:choose": (A, A),
    "wagtailimages_chooser:choose_results": (A, A),
    "wagtailimages_chooser:chosen": (A, A),
    "wagtailimages_chooser:chosen_multiple": (A, A),
    "wagtailimages_chooser:create": (A, A),
    "wagtailimages_chooser:select_format": (A, A),
    # The yearly graduation and its undoing: both roles
    "staff_graduation": (A, A),
    "staff_graduation_undo": (A, A),
    # Any other admin path
    "admin/^.*/$": (N, N),
}
# Residents and alumni: both roles keep them, all of it but lifting a colleague's lock (superusers).
PEOPLE_VIEWS = [
    *[
        f"wagtailsnippets_staff_{{model}}:{view}"
        for view in [
            "list",
            "list_results",
            "add",
            "edit",
            "delete",
            "usage",
            "history",
            "history_results",
            "copy",
            "preview_on_add",
            "preview_on_edit",
            "revisions_view",
            "revisions_revert",
            "revisions_compare",
            "revisions_unschedule",
            "unpublish",
            "lock",
        ]
    ],
    *[
        f"wagtailsnippetchoosers_staff_{{model}}:{view}"
        for view in ["choose", "choose_results", "chosen", "chosen_multiple", "create"]
    ],
]
for model in ("resident", "alumnus"):
    EXPECTED.update({name.format(model=model): (A, A) for name in PEOPLE_VIEWS})
    EXPECTED[f"wagtailsnippets_staff_{model}:unlock"] = (D, D)


@pytest.fixture
def objects(home, curriculum, apply_page, staff, superuser, django_user_model, roles):
    other = django_user_model.objects.create_user("other", "other@example.org", "a-long-test-password")
    return AdminObjects(home, curriculum, apply_page, staff["kormos"], superuser, other)


def client_for(user):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def requested_patterns():
    return [(name, pattern) for name, pattern in admin_patterns() if name not in NOT_REQUESTED]


def test_every_admin_url_pattern_has_an_expectation():
    names = {name for name, _ in admin_patterns()}
    assert names - set(EXPECTED) - PUBLIC - NOT_REQUESTED == set()
    assert set(EXPECTED) - names == set()


def test_anonymous_visitors_are_sent_to_the_login_page(objects):
    client = client_for(None)
    results = {name: outcome(client, objects.url(name, pattern)) for name, pattern in requested_patterns()}
    assert {name for name, result in results.items() if result != LOGIN} == PUBLIC


def test_superusers_are_refused_nowhere(objects, superuser):
    client = client_for(superuser)
    refused = [
        name for name, pattern in requested_patterns() if outcome(client, objects.url(name, pattern)) in (LOGIN, D)
    ]
    assert set(refused) == REFUSED_TO_ALL


@pytest.mark.parametrize("role", ["program manager", "director"])
def test_each_role_reaches_exactly_what_it_may(objects, django_user_model, role):
    from editorial.roles import DIRECTORS, PROGRAM_MANAGERS

    column = 0 if role == "program manager" else 1
    group = PROGRAM_MANAGERS if column == 0 else DIRECTORS
    client = client_for(user_in_role(django_user_model, role.replace(" ", "-"), group))
    mismatches = []
    for name, pattern in requested_patterns():
        if name in PUBLIC:
            continue
        url = objects.url(name, pattern)
        result = outcome(client, url)
        if result != EXPECTED[name][column]:
            mismatches.append(f"{name} {url}: expected {EXPECTED[name][column]}, got {result}")
    assert mismatches == []
