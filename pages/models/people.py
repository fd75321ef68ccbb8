"""The program's people as applicants meet them: the current residents and where graduates went."""

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from staff.models import Alumnus, Resident
from staff.residents import SUMMARY_YEARS, graduate_summary

from .base import BasePage, SectionPage, rich_text


class ResidentsPage(SectionPage):
    """Meet our residents: the live resident records, grouped PGY-1, PGY-2, PGY-3."""

    intro = rich_text(
        blank=True,
        help_text="A sentence or two on the residents as a group. Applicants look for people like them: "
        "the records below show each resident's hometown, medical school, clinic and interests.",
    )

    search_fields = SectionPage.search_fields + [index.SearchField("intro")]

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    # Linked from the Faculty & Staff page rather than the main menu, which keeps the program's six sections.
    show_in_menus_default = False

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["resident_groups"] = Resident.by_year()
        return context


class GraduatesPage(SectionPage):
    """Where graduates went: the live alumni records by class, newest first, and a summary counted from them."""

    intro = rich_text(
        blank=True,
        help_text="A sentence or two on graduates' careers. Where graduates went is what applicants value most; "
        "the summary and the list below are built from the alumni records, so keep those complete.",
    )

    search_fields = SectionPage.search_fields + [index.SearchField("intro")]

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    # Linked from the Careers page rather than the main menu, which keeps the program's six sections.
    show_in_menus_default = False

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        alumni = list(Alumnus.public())
        classes = {}
        for alumnus in alumni:
            classes.setdefault(alumnus.graduation_year, []).append(alumnus)
        context["classes"] = list(classes.items())
        context["summary"] = graduate_summary(alumni)
        context["summary_years"] = SUMMARY_YEARS
        return context
