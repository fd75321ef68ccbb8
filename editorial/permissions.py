"""The site's page rules for editors: approval before the Apply page goes live, and a fixed site structure."""

from wagtail.models import PagePermissionTester

from .roles import DIRECTORS, WORKFLOW_NAME


def needs_director_approval(page, user):
    """Pages under the Director approval workflow are published by a director's approval only."""
    if user.is_superuser or user.groups.filter(name=DIRECTORS).exists():
        return False
    workflow = page.get_workflow()
    return bool(workflow and workflow.active and workflow.name == WORKFLOW_NAME)


def is_fixed_page(page):
    """The overview and the section pages (one of each kind) hold the site together."""
    return getattr(page.specific_class, "max_count", None) == 1


class ProgramPagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, with the program's two rules on top.

    - Direct publishing (editor, bulk actions, admin API, scheduling) is taken away while a page
      waits for a director's approval.
    - Only superusers delete or move the overview and the section pages; editors may still delete
      and move the further pages they add.
    """

    def can_publish(self):
        return super().can_publish() and not needs_director_approval(self.page, self.user)

    def can_delete(self, ignore_bulk=False):
        if is_fixed_page(self.page) and not self.user.is_superuser:
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)
