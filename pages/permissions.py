"""The program pages' rules for editors: approval before a page under a workflow goes live, and a
fixed site structure."""

from django.contrib.auth.models import Group

from wagtail.models import GroupApprovalTask, PagePermissionTester


def approvers(workflow):
    """The groups whose members approve the workflow's steps."""
    tasks = GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow, active=True)
    return Group.objects.filter(groupapprovaltask__in=tasks)


def needs_approval(page, user):
    """A page under an active approval workflow goes live through its approvers' approval only.

    The approvers themselves (and superusers) are not held back by the step they would decide.
    """
    if user.is_superuser:
        return False
    workflow = page.get_workflow()
    if workflow is None:
        return False
    return not user.groups.filter(pk__in=approvers(workflow)).exists()


def is_fixed_page(page):
    """The overview and the section pages (one of each kind) hold the site together."""
    return getattr(page.specific_class, "max_count", None) == 1


def may_take_offline(page, user):
    """Only superusers take the overview or a section page away from applicants.

    Unpublishing it, giving it an expiry date (publish_scheduled unpublishes it then) and
    restricting who may view it all do that; editors may still do each to the pages they add.
    """
    return user.is_superuser or not is_fixed_page(page)


class ProgramPagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, with the program's rules on top.

    - Direct publishing (editor, bulk actions, admin API, scheduling) is taken away while a page
      waits for its approvers (the directors, for the Apply page).
    - Only superusers delete, move, unpublish or restrict the overview and the section pages;
      editors may still do so with the further pages they add.
    - A reviewer with no page permissions of their own (a director) sees a page only through the
      workflow task they act on: its preview and comparisons, never the editor.
    """

    def can_publish(self):
        return super().can_publish() and not needs_approval(self.page, self.user)

    def can_delete(self, ignore_bulk=False):
        if is_fixed_page(self.page) and not self.user.is_superuser:
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return may_take_offline(self.page, self.user) and super().can_unpublish()

    def can_set_view_restrictions(self):
        return may_take_offline(self.page, self.user) and super().can_set_view_restrictions()

    def reviews_only(self):
        return not self.user.is_superuser and not getattr(self, "permissions", None)

    def can_edit(self):
        # Wagtail opens the editor to a task's reviewers; here reviewers read and decide, editors edit.
        return super().can_edit() and not self.reviews_only()

    def can_lock(self):
        return super().can_lock() and not self.reviews_only()

    def review_revision(self):
        """The revision in the page's current workflow task, when this user may act on that task."""
        task_state = self.page.current_workflow_task_state
        if task_state and task_state.task.specific.get_actions(self.page, self.user):
            return task_state.revision
        return None
