"""The section pages: curriculum, health equity, careers, the staff directory and free pages."""

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from staff.models import StaffMember

from .. import structured_data
from ..blocks import ItemListBlock
from ..settings import ContactSettings
from .base import BasePage, SectionPage, body_field, rich_text
from .people import GraduatesPage, ResidentsPage
from .wellness import WellnessPage


class CurriculumPage(SectionPage):
    """The core curriculum and the enhanced primary care curriculum items."""

    core_curriculum = rich_text(help_text="How the enhanced curriculum adds to the core ambulatory curriculum.")
    enhanced_items = StreamField(
        ItemListBlock(),
        blank=True,
        verbose_name="enhanced curriculum items",
        help_text="Each learning opportunity: a short heading and its description.",
    )

    search_fields = SectionPage.search_fields + [
        index.SearchField("core_curriculum"),
        index.SearchField("enhanced_items"),
    ]

    content_panels = BasePage.content_panels + [
        FieldPanel("core_curriculum"),
        FieldPanel("enhanced_items"),
        FieldPanel("body"),
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        wellness = WellnessPage.for_request(request)
        context["wellness_page"] = wellness
        context["retreats"] = [item for item in wellness.items if item.value["kind"] == "retreat"] if wellness else []
        return context


class EquityMissionPage(SectionPage):
    """The health-equity mission and the clinical systems residents can join."""

    mission = rich_text()
    systems_intro = rich_text(blank=True, verbose_name="clinical systems introduction")
    clinical_systems = StreamField(
        ItemListBlock(),
        blank=True,
        verbose_name="clinical systems and partnerships",
        help_text="Each clinical system: its name, an optional description and an optional link.",
    )
    systems_outro = rich_text(blank=True, verbose_name="after the list")

    search_fields = SectionPage.search_fields + [
        index.SearchField("mission"),
        index.SearchField("clinical_systems"),
    ]

    content_panels = BasePage.content_panels + [
        FieldPanel("mission"),
        MultiFieldPanel(
            [FieldPanel("systems_intro"), FieldPanel("clinical_systems"), FieldPanel("systems_outro")],
            heading="Clinical systems",
        ),
        FieldPanel("body"),
    ]


class CareerDevelopmentPage(SectionPage):
    """Where graduates go, the further training they take and the mentorship that gets them there."""

    career_paths = rich_text()
    further_training = rich_text(blank=True)
    mentorship = rich_text(blank=True)

    search_fields = SectionPage.search_fields + [
        index.SearchField("career_paths"),
        index.SearchField("further_training"),
        index.SearchField("mentorship"),
    ]

    content_panels = BasePage.content_panels + [
        FieldPanel("career_paths"),
        FieldPanel("further_training"),
        FieldPanel("mentorship"),
        FieldPanel("body"),
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["graduates_page"] = GraduatesPage.for_request(request)
        return context


class StaffDirectoryPage(SectionPage):
    """Faculty & Staff: live, active staff grouped by category in the directors' order."""

    intro = rich_text(blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    def staff_groups(self):
        """[(category label, [staff…]), …] in category order, empty categories left out."""
        members = list(StaffMember.public())
        groups = []
        for value, label in StaffMember.Category.choices:
            people = [member for member in members if member.category == value]
            if people:
                groups.append((label, people))
        return groups

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        groups = self.staff_groups()
        context["staff_groups"] = groups
        context["residents_page"] = ResidentsPage.for_request(request)
        members = [member for _label, people in groups for member in people]
        if members:
            contact = ContactSettings.for_request(request)
            context["structured_data"] = structured_data.people(members, contact, request)
        return context


class StandardPage(BasePage):
    """Any other content page."""

    intro = rich_text(blank=True)
    body = body_field()

    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    # Free pages live under the overview or under each other.
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]
