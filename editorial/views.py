"""The program pages' admin views: what a reviewer may open, and no empty screens for other roles."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from wagtail.admin.auth import permission_denied, user_has_any_page_permission
from wagtail.admin.views.pages.choose_parent import GenericChooseParentView
from wagtail.admin.views.pages.revisions import RevisionsCompareView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, get_page_models

from pages.export import FORMATS, export
from pages.models import ApplicationProcessPage, HomePage
from pages.models.base import BasePage
from pages.settings import ContactSettings

from .roles import may_export_program_facts


class ReviewCompareView(RevisionsCompareView):
    """Compare page revisions; a reviewer may compare the revision in their task and nothing else.

    The reviewer of a workflow task (a director) has no page permissions of their own, so Wagtail
    refuses them every comparison, including the two the dashboard offers them: the task's
    revision against the live page, and against the revision before it.
    """

    reviewing = False

    def get_object(self, queryset=None):
        page = get_object_or_404(Page, id=self.pk).specific
        perms = page.permissions_for_user(self.request.user)
        if perms.can_publish() or perms.can_edit():
            return page
        revision = perms.review_revision()
        if revision is not None and self.compares_for_review(revision):
            self.reviewing = True
            return page
        raise PermissionDenied

    def compares_for_review(self, revision):
        previous = revision.get_previous()
        earlier = {"live"} | ({str(previous.pk)} if previous else set())
        return str(self.revision_id_b) == str(revision.pk) and str(self.revision_id_a) in earlier

    def dispatch(self, request, *args, **kwargs):
        if self.reviewing:
            # get_object allowed exactly this comparison; skip Wagtail's "any page permission" gate.
            return super(RevisionsCompareView, self).dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    # A reviewer's page has no editor or history for them: offer neither.
    def get_edit_url(self):
        return None if self.reviewing else super().get_edit_url()

    def get_history_url(self):
        return None if self.reviewing else super().get_history_url()


class ChooseParentView(GenericChooseParentView):
    """Where to add a page; someone who may add pages nowhere is told so, not shown an empty list."""

    def dispatch(self, request, *args, **kwargs):
        if not user_has_any_page_permission(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class ProgramPageViewSet(PageViewSet):
    """The admin views of one program page type: Wagtail's, with the two above."""

    revisions_compare_view_class = ReviewCompareView
    choose_parent_view_class = ChooseParentView
    # The explorer keeps Wagtail's listing (with its page type filter) for every parent page.
    parent_models = []


def program_page_viewsets():
    """One viewset per program page type (Wagtail routes page views by the page's own type)."""
    return [
        ProgramPageViewSet(f"program_pages_{model._meta.model_name}", model=model)
        for model in get_page_models()
        if issubclass(model, BasePage)
    ]


def program_facts_export(request, file_format):
    """The live program facts as a download (CSV or JSON) for the national listing."""
    if not may_export_program_facts(request.user):
        return permission_denied(request)
    if file_format not in FORMATS:
        raise Http404("Choose csv or json.")
    apply_page = ApplicationProcessPage.site_queryset().live().first()
    if apply_page is None:
        raise Http404("There is no live Apply page to export.")
    home = HomePage.objects.live().first()
    site = apply_page.get_site()
    contact = ContactSettings.for_site(site) if site else None
    text, content_type = export(home, apply_page, contact, file_format)
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="program-facts.{file_format}"'
    return response
