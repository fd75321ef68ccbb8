"""Bulk publish and unpublish for snippets with drafts (Wagtail offers only bulk delete for snippets)."""

from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _

from wagtail.models import DraftStateMixin
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import get_snippet_models


class DraftSnippetBulkAction(SnippetBulkAction):
    template_name = "editorial/bulk_actions/confirm_bulk_publishing.html"
    verb = ""
    done = ""

    @classproperty
    def models(cls):
        return [model for model in get_snippet_models() if issubclass(model, DraftStateMixin)]

    def check_perm(self, snippet):
        user = self.request.user
        # A record a colleague has locked is theirs until they unlock it, in bulk as in the editor.
        lock = snippet.get_lock() if hasattr(snippet, "get_lock") else None
        if lock and lock.for_user(user):
            return False
        return self.permission_policy.user_has_permission_for_instance(user, "publish", snippet)

    def get_context_data(self, **kwargs):
        return super().get_context_data(verb=self.verb, **kwargs)

    def get_success_message(self, num_parent_objects, num_child_objects):
        noun = self.model._meta.verbose_name if num_parent_objects == 1 else self.model._meta.verbose_name_plural
        return f"{num_parent_objects} {noun} {self.done}."


class PublishBulkAction(DraftSnippetBulkAction):
    display_name = _("Publish")
    action_type = "publish"
    aria_label = _("Publish selected records")
    action_priority = 10
    verb = "publish"
    done = "published"

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for snippet in objects:
            # The latest draft goes live, as the Publish button in the editor does.
            revision = snippet.latest_revision or snippet.save_revision(user=user)
            revision.publish(user=user)
        return len(objects), 0


class UnpublishBulkAction(DraftSnippetBulkAction):
    display_name = _("Unpublish")
    action_type = "unpublish"
    aria_label = _("Unpublish selected records")
    action_priority = 20
    verb = "unpublish"
    done = "unpublished"

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        live = [snippet for snippet in objects if snippet.live]
        for snippet in live:
            snippet.unpublish(user=user)
        return len(live), 0
