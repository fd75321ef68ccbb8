"""The people admin: faculty & staff, residents and alumni listings, and the yearly graduation."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView

from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, LiveStatusTagColumn, UpdatedAtColumn
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import graduation
from .models import Alumnus, Graduation, Resident, StaffMember


class PhotoColumn(Column):
    """A small thumbnail of the staff photo in the admin listing."""

    cell_template_name = "staff/admin/photo_cell.html"


class StaffMemberViewSet(SnippetViewSet):
    model = StaffMember
    icon = "group"
    menu_label = "Faculty & staff"
    menu_order = 200
    add_to_admin_menu = True
    list_display = [
        "name",
        PhotoColumn("photo", label="Photo"),
        "title",
        Column("category", label="Category", accessor="get_category_display", sort_key="category"),
        BooleanColumn("active"),
        # Live or draft at a glance: only live records are on the public page.
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    list_filter = ["category", "active", "live"]
    list_export = ["name", "credentials", "title", "category", "email", "phone", "active", "live"]
    export_filename = "faculty-and-staff"
    sort_order_field = "sort_order"
    ordering = ["sort_order", "name"]


class ResidentViewSet(SnippetViewSet):
    model = Resident
    icon = "user"
    menu_label = "Residents"
    list_display = [
        "name",
        PhotoColumn("photo", label="Photo"),
        Column("year", label="Year", accessor="get_year_display", sort_key="year"),
        "medical_school",
        "clinic_site",
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    list_filter = ["year", "live"]
    search_fields = ["name", "medical_school", "hometown", "interests"]
    list_export = ["name", "year", "pronouns", "hometown", "medical_school", "clinic_site", "interests", "live"]
    export_filename = "residents"
    ordering = ["year", "name"]


class AlumnusViewSet(SnippetViewSet):
    model = Alumnus
    icon = "user"
    menu_label = "Alumni"
    list_display = [
        "name",
        "graduation_year",
        Column("position_kind", label="Next position", accessor="get_position_kind_display", sort_key="position_kind"),
        "institution",
        "field",
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    list_filter = ["graduation_year", "position_kind", "live"]
    search_fields = ["name", "institution", "field"]
    list_export = ["name", "graduation_year", "position_kind", "institution", "field", "live"]
    export_filename = "alumni"
    ordering = ["-graduation_year", "name"]


class GraduationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(GRADUATE_PERMISSION)


class ResidentsGroup(SnippetViewSetGroup):
    """Residents, alumni and the yearly graduation under one menu item."""

    items = (ResidentViewSet, AlumnusViewSet)
    menu_icon = "group"
    menu_label = "Residents & alumni"
    menu_order = 210

    def get_submenu_items(self):
        return [
            *super().get_submenu_items(),
            GraduationMenuItem(
                "Graduate the class", reverse("staff_graduation"), icon_name="resubmit", order=len(self.items)
            ),
        ]


# A graduation this recent is named above the button: the class has likely graduated already.
RECENT = timedelta(days=300)

# Graduating and undoing a graduation: one permission, held by directors and program managers.
GRADUATE_PERMISSION = "staff.add_graduation"


class GraduationForm(forms.Form):
    graduation_year = forms.IntegerField(
        min_value=1950,
        max_value=2200,
        help_text="The year this class completes the residency; their alumni records carry it.",
    )

    def clean_graduation_year(self):
        year = self.cleaned_data["graduation_year"]
        if graduation.already_graduated(year):
            raise forms.ValidationError(str(graduation.AlreadyGraduated(year)))
        return year

    def clean(self):
        if not graduation.plan().total:
            raise forms.ValidationError("There are no live residents to graduate or advance.")
        return super().clean()


class GraduationView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """The yearly graduation, in one confirmed step: what it will do, then one POST."""

    permission_policy = ModelPermissionPolicy(Graduation)
    permission_required = "add"
    template_name = "staff/admin/graduation.html"
    form_class = GraduationForm
    page_title = "Graduate the class"
    header_icon = "resubmit"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_initial(self):
        latest = graduation.latest_done()
        year = timezone.localdate().year
        return {"graduation_year": max(year, latest.graduation_year + 1) if latest else year}

    def get_context_data(self, **kwargs):
        latest = graduation.latest_done()
        return super().get_context_data(
            plan=graduation.plan(),
            # A second graduation within the year is rarely meant: the page says so before the button.
            recent=latest if latest and timezone.now() - latest.performed_at < RECENT else None,
            undoable=graduation.undoable(),
            history=Graduation.objects.select_related("performed_by", "undone_by")[:10],
            **kwargs,
        )

    def form_valid(self, form):
        try:
            done = graduation.graduate(form.cleaned_data["graduation_year"], self.request.user)
        except graduation.AlreadyGraduated as refused:
            form.add_error("graduation_year", str(refused))
            return self.form_invalid(form)
        graduated = done.alumni.count()
        messages.success(
            self.request,
            f"The class of {done.graduation_year} has graduated: {graduated} new alumni, "
            f"{len(done.changes) - graduated} residents moved up a year. "
            "Fill in where each graduate went under Alumni.",
        )
        return redirect("staff_graduation")


class UndoGraduationView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Undo the latest graduation: a confirmation page, then one POST."""

    permission_policy = ModelPermissionPolicy(Graduation)
    permission_required = "add"
    template_name = "staff/admin/undo_graduation.html"
    page_title = "Undo the graduation"
    header_icon = "undo"

    @cached_property
    def graduation(self):
        return get_object_or_404(Graduation, pk=self.kwargs["pk"])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("staff_graduation"), "label": "Graduate the class"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            graduation=self.graduation,
            can_undo=graduation.undoable() == self.graduation,
            alumni=self.graduation.alumni.all(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if graduation.undoable() != self.graduation:
            messages.error(request, "Only the latest graduation can be undone, and only once.")
            return redirect("staff_graduation")
        graduation.undo(self.graduation, request.user)
        messages.success(
            request,
            f"The graduation of the class of {self.graduation.graduation_year} was undone: "
            "every resident is back in their year and its alumni records are removed.",
        )
        return redirect("staff_graduation")
