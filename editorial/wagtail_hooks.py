"""Admin hooks: the approval rule on the Apply page, move checks, and the editors' dashboard panel."""

from wagtail import hooks
from wagtail.admin.auth import permission_denied

from .bulk_actions import PublishBulkAction, UnpublishBulkAction
from .panels import EditorialPanel
from .roles import DIRECTORS, WORKFLOW_NAME


def needs_director_approval(page, user):
    """Pages under the Director approval workflow are published by a director's approval only."""
    if user.is_superuser or user.groups.filter(name=DIRECTORS).exists():
        return False
    workflow = page.get_workflow()
    return bool(workflow and workflow.active and workflow.name == WORKFLOW_NAME)


@hooks.register("construct_page_action_menu")
def hide_publish_until_approved(menu_items, request, context):
    page = context.get("page")
    if page is not None and page.pk and needs_director_approval(page, request.user):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_edit_page")
def refuse_publish_until_approved(request, page):
    # The menu hides the button; this refuses a hand-made request too.
    if request.method == "POST" and "action-publish" in request.POST and needs_director_approval(page, request.user):
        return permission_denied(request)


@hooks.register("before_move_page")
def refuse_move_without_permission(request, page, destination):
    # Wagtail checks the move itself on POST; this refuses the confirmation page as well.
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)


hooks.register("register_bulk_action", PublishBulkAction)
hooks.register("register_bulk_action", UnpublishBulkAction)


@hooks.register("construct_homepage_panels")
def add_editorial_panel(request, panels):
    panels.append(EditorialPanel())
