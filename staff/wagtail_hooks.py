from django.urls import path

from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from . import graduation
from .views import GraduationView, ResidentsGroup, StaffMemberViewSet, UndoGraduationView

register_snippet(StaffMemberViewSet)
register_snippet(ResidentsGroup)


@hooks.register("register_admin_urls")
def register_graduation_urls():
    return [
        path("residents/graduation/", GraduationView.as_view(), name="staff_graduation"),
        path("residents/graduation/<int:pk>/undo/", UndoGraduationView.as_view(), name="staff_graduation_undo"),
    ]


@hooks.register("register_log_actions")
def register_graduation_log_actions(actions):
    @actions.register_action(graduation.GRADUATED)
    class Graduated(LogFormatter):
        label = "Graduated the class"

        def format_message(self, log_entry):
            data = log_entry.data
            year = data.get("graduation_year")
            if "alumnus" in data:
                return f"Graduated with the class of {year}: now listed as an alumnus, off the residents' page"
            if "year" in data:
                return f"Moved up to PGY-{data['year']} when the class of {year} graduated"
            return f"Made by the graduation of the class of {year}"

    @actions.register_action(graduation.UNDONE)
    class GraduationUndone(LogFormatter):
        label = "Undid the graduation"

        def format_message(self, log_entry):
            year = log_entry.data.get("graduation_year")
            return f"Graduation of the class of {year} undone: back to PGY-{log_entry.data.get('year')}"
