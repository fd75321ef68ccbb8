"""The editors' dashboard panel: the application deadline, the Apply page's review, recent staff changes."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.text import capfirst

from wagtail.admin.ui.components import Component
from wagtail.models import ModelLogEntry, WorkflowState

from pages.facts import DEADLINE_STATES, first_of_kind, format_deadline
from pages.models import ApplicationProcessPage, WellnessPage
from staff.models import StaffMember

from .roles import may_export_program_facts

RECENT_STAFF_CHANGES = 5

# The facts applicants compare during the recruitment season, as fields of each page.
RECRUITMENT_FIELDS = {
    ApplicationProcessPage: [
        "positions_per_year",
        "application_open_date",
        "exam_policy",
        "minimum_scores",
        "international_graduates",
        "visa_sponsorship",
        "interview_period",
        "interview_format",
        "interview_itinerary",
        "signal_policy",
        "interview_status_reporting",
        "salaries",
        "board_pass_rate",
    ],
    WellnessPage: ["wellness_lead", "items"],
}


def is_empty(value):
    """Unset: None, "" or an empty stream. False ("not accepted") is an answer."""
    return value is None or value == "" or (hasattr(value, "__len__") and len(value) == 0)


def empty_recruitment_facts(pages):
    """[(page, [label…]), …]: the recruitment facts each live page leaves empty, pages with none left out."""
    found = []
    for page in filter(None, pages):
        fields = [page._meta.get_field(name) for name in RECRUITMENT_FIELDS[type(page)]]
        labels = [capfirst(field.verbose_name) for field in fields if is_empty(getattr(page, field.attname))]
        if isinstance(page, ApplicationProcessPage) and first_of_kind(page.key_dates, "first_invitations") is None:
            labels.append("Key date: first-wave interview invitations")
        if labels:
            found.append((page, labels))
    return found


def latest_change_per_record(model, count):
    """The latest log entry of each of the `count` most recently changed records, with its user.

    Adding one record logs several entries (created, then an edit per autosave, then published);
    the dashboard wants the record once, as it stands now. One query whatever the history's length.
    """
    entries = ModelLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    latest = entries.filter(object_id=OuterRef("object_id")).order_by("-timestamp", "-pk").values("pk")[:1]
    return entries.filter(pk=Subquery(latest)).select_related("user").order_by("-timestamp", "-pk")[:count]


def changes_requested(page):
    """The rejected task (its comment, who, when) while the page's workflow waits for those changes."""
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    return workflow_state.current_task_state


def can_edit(page, user):
    return page.permissions_for_user(user).can_edit()


class EditorialPanel(Component):
    name = "editorial_summary"
    template_name = "editorial/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        request = parent_context["request"]
        user = request.user
        apply_page = ApplicationProcessPage.for_request(request)
        if apply_page is not None:
            state = apply_page.deadline_state()
            context.update(
                apply_page=apply_page,
                deadline_state=state,
                deadline_word=DEADLINE_STATES[state],
                deadline_text=format_deadline(apply_page.application_deadline),
                can_edit_apply_page=apply_page.permissions_for_user(user).can_edit(),
                awaiting_approval=apply_page.workflow_in_progress,
                changes_requested=changes_requested(apply_page),
            )
        wellness_page = WellnessPage.for_request(request)
        context["empty_facts"] = [
            (page, labels, reverse("wagtailadmin_pages:edit", args=[page.pk]) if can_edit(page, user) else None)
            for page, labels in empty_recruitment_facts([apply_page, wellness_page])
        ]
        context["can_export_program_facts"] = may_export_program_facts(user)
        if user.has_perm("staff.view_staffmember"):
            context["staff_changes"] = latest_change_per_record(StaffMember, RECENT_STAFF_CHANGES)
            context["can_edit_staff"] = user.has_perm("staff.change_staffmember")
        return context
