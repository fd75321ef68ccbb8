"""Page permissions with the approval rule: the Apply page goes live through a director's approval."""

from wagtail.models import PagePermissionTester

from .roles import DIRECTORS, WORKFLOW_NAME


def needs_director_approval(page, user):
    """Pages under the Director approval workflow are published by a director's approval only."""
    if user.is_superuser or user.groups.filter(name=DIRECTORS).exists():
        return False
    workflow = page.get_workflow()
    return bool(workflow and workflow.active and workflow.name == WORKFLOW_NAME)


class DirectorApprovalPermissionTester(PagePermissionTester):
    """Takes direct publishing away (editor, bulk actions, admin API, scheduling) while approval is required."""

    def can_publish(self):
        return super().can_publish() and not needs_director_approval(self.page, self.user)
