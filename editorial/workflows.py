"""What happens when a workflow's last task is approved."""


def publish_approved(workflow_state, user=None):
    """Publish the approved revision in the approver's name.

    Wagtail's default checks that the approver may publish the page themselves; directors may not
    edit or publish pages, yet their approval is exactly what publishes the Apply page. Only the
    workflow's own approval reaches here: an approver had to pass the task's group check first.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
