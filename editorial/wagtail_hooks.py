"""Admin hooks: the approval rule on the Apply page, move checks, the program pages' views, staff bulk
actions, the dashboard panel, the program-facts download, two-factor sign-in under Account."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem

from pages.permissions import needs_approval

from .bulk_actions import PublishBulkAction, UnpublishBulkAction
from .panels import EditorialPanel
from .roles import may_export_program_facts
from .two_factor import two_factor_view
from .views import program_facts_export, program_page_viewsets


@hooks.register("before_edit_page")
def refuse_publish_until_approved(request, page):
    # The editor offers no Publish button here (see pages/permissions.py); refuse a hand-made request
    # plainly rather than quietly saving it as a draft.
    if request.method == "POST" and "action-publish" in request.POST and needs_approval(page, request.user):
        return permission_denied(request)


@hooks.register("before_move_page")
def refuse_move_without_permission(request, page, destination):
    # Wagtail checks the move itself on POST; this refuses the confirmation page as well.
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)


@hooks.register("register_admin_viewset")
def register_program_page_views():
    return program_page_viewsets()


hooks.register("register_bulk_action", PublishBulkAction)
hooks.register("register_bulk_action", UnpublishBulkAction)


@hooks.register("construct_homepage_panels")
def add_editorial_panel(request, panels):
    panels.append(EditorialPanel())


@hooks.register("register_admin_urls")
def register_program_facts_export():
    return [path("program-facts/<str:file_format>/", program_facts_export, name="program_facts_export")]


class ProgramFactsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_export_program_facts(request.user)


@hooks.register("register_admin_menu_item")
def program_facts_menu_item():
    return ProgramFactsMenuItem(
        "Program facts (CSV)", reverse("program_facts_export", args=["csv"]), icon_name="download", order=900
    )


@hooks.register("register_admin_urls")
def register_two_factor_url():
    return [path("two-factor/", two_factor_view, name="two_factor")]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("two_factor"),
        "label": "Two-factor sign-in",
        "help_text": "Sign in with a code from an authenticator app as well as your password.",
    }
