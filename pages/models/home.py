"""The program overview, its welcome-letter signatories and its related links."""

from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from staff.models import StaffMember

from .. import structured_data
from ..blocks import PAGE_OR_URL, link_url
from ..settings import ContactSettings
from ..site import site_pages
from .application import ApplicationProcessPage
from .base import BasePage, body_field, rich_text


class HomePage(BasePage):
    """The program overview: welcome letter, continuity practice and a way into every section."""

    welcome_heading = models.CharField(max_length=100, default="Welcome!")
    letter = rich_text(help_text="The welcome letter from the program's leadership.")
    letter_sign_off = models.CharField(max_length=60, default="Sincerely,", help_text='e.g. "Sincerely,"')
    continuity_heading = models.CharField(max_length=120, blank=True)
    continuity_body = rich_text(blank=True)
    sections_heading = models.CharField(
        max_length=120, blank=True, help_text="Heading above the cards that link to each section."
    )
    body = body_field()

    search_fields = BasePage.search_fields + [
        index.SearchField("letter"),
        index.SearchField("continuity_body"),
        index.SearchField("body"),
    ]

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("welcome_heading"),
                FieldPanel("letter"),
                FieldPanel("letter_sign_off"),
                InlinePanel(
                    "signatories",
                    label="Signatory",
                    heading="Signatories",
                    help_text="Names and titles come from the faculty & staff records.",
                    min_num=1,
                ),
            ],
            heading="Welcome letter",
        ),
        MultiFieldPanel(
            [FieldPanel("continuity_heading"), FieldPanel("continuity_body")], heading="Continuity practice"
        ),
        FieldPanel("sections_heading"),
        FieldPanel("body"),
        InlinePanel("related_links", label="Related link", heading="Related links"),
    ]

    # The site has exactly one overview, at the top of the tree.
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "pages.CurriculumPage",
        "pages.EquityMissionPage",
        "pages.WellnessPage",
        "pages.CareerDevelopmentPage",
        "pages.ApplicationProcessPage",
        "pages.StaffDirectoryPage",
        "pages.FAQPage",
        "pages.ResidentsPage",
        "pages.GraduatesPage",
        "pages.StandardPage",
    ]
    max_count = 1
    show_in_menus_default = True

    def route(self, request, path_components):
        # The sections are in the cached site pages (pages.site), already of their own types.
        child = site_pages(request).child_by_slug(path_components[0]) if path_components else None
        if child is not None:
            return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        apply_page = ApplicationProcessPage.public_for_request(request)
        contact = ContactSettings.for_request(request)
        context["apply_page"] = apply_page
        context["program_facts"] = apply_page.program_facts(contact) if apply_page else []
        if apply_page:
            context["structured_data"] = structured_data.program(self, apply_page, contact, request)
        context["signatories"] = [
            signatory.staff_member for signatory in self.signatories.select_related("staff_member").all()
        ]
        context["section_pages"] = site_pages(request).in_menu
        return context


class HomePageSignatory(Orderable):
    """A person who signs the welcome letter; their name and title come from their staff record."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="signatories")
    staff_member = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Change the name or title in Faculty & staff; the letter follows.",
    )

    panels = [FieldPanel("staff_member")]


class HomePageRelatedLink(Orderable):
    """A related program or division, listed with its one-line description."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="related_links")
    title = models.CharField(max_length=120)
    description = models.CharField(max_length=250, blank=True)
    link_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    link_url = models.URLField("web address", blank=True)

    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("link_page"), FieldPanel("link_url")]

    def clean(self):
        super().clean()
        if self.link_page and self.link_url:
            raise ValidationError({"link_url": PAGE_OR_URL})

    @property
    def url(self):
        return link_url(self.link_page, self.link_url)
