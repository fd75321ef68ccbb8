"""The faculty & staff admin: listing with live/draft status, filters, search and drag-and-drop order."""

from wagtail.admin.ui.tables import BooleanColumn, Column, LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import StaffMember


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
