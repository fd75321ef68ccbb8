"""The Apply page: how to apply and the program facts applicants compare."""

from django.core.validators import MaxValueValidator
from django.db import models

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from staff.models import StaffMember
from staff.serializers import PublicStaffField

from .. import facts, key_dates, structured_data
from ..api import ProgramFactsField
from ..blocks import KeyDateBlock, SalaryBlock
from ..settings import ContactSettings
from ..site import site_pages
from .base import BasePage, SectionPage, nrmp_code_validator, rich_text


class ApplicationProcessPage(SectionPage):
    """How to apply, with the program's facts at a glance: ERAS, NRMP code, deadline, tracks and more."""

    class InterviewFormat(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIRTUAL = "virtual", "Virtual"
        HYBRID = "hybrid", "Virtual and in person"

    class VisaSponsorship(models.TextChoices):
        J1 = "j1", "J-1"
        H1B = "h1b", "H-1B"
        J1_H1B = "j1_h1b", "J-1 and H-1B"
        NONE = "none", "None"

    eras_instructions = rich_text(verbose_name="ERAS instructions")
    nrmp_code = models.CharField(
        "NRMP program code",
        max_length=9,
        validators=[nrmp_code_validator],
        help_text="As listed by the NRMP, e.g. 1261140M0.",
    )
    application_deadline = models.DateTimeField(
        help_text="Date and time in US Eastern time (Boston). The page shows whether it is upcoming or has passed."
    )
    tracks_text = rich_text(blank=True, verbose_name="other tracks text")
    other_tracks = StreamField(
        [("track", blocks.CharBlock(max_length=80, label="Track"))],
        blank=True,
        help_text="Other Internal Medicine Residency tracks applicants may apply to at the same time.",
    )
    full_details_url = models.URLField(
        "full application details link",
        blank=True,
        help_text="Where the full application details are published. Leave blank to leave the link out.",
    )

    # Program facts applicants compare across programs; each is left out of the site while blank.
    positions_per_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Positions offered in the Match each year in this track."
    )
    eras_participation = models.BooleanField(
        "takes applications through ERAS", default=True, help_text="Untick only if applications go elsewhere."
    )
    application_open_date = models.DateField(
        null=True, blank=True, help_text="The first day applications can be submitted to the program."
    )
    exam_requirements = models.CharField(
        max_length=250, blank=True, help_text="Licensing exams applicants must have passed or taken, as published."
    )
    interview_period = models.CharField(
        max_length=120, blank=True, help_text='When interviews take place, e.g. "October to January".'
    )
    interview_format = models.CharField(
        max_length=16, blank=True, choices=InterviewFormat.choices, help_text="Leave blank if not yet decided."
    )
    visa_sponsorship = models.CharField(
        max_length=16,
        blank=True,
        choices=VisaSponsorship.choices,
        help_text="Visas the program sponsors. Leave blank if not stated.",
    )
    salaries = StreamField(
        [("year", SalaryBlock())],
        blank=True,
        verbose_name="salary by year",
        help_text="One entry per postgraduate year.",
    )
    benefits_summary = models.TextField(
        max_length=500, blank=True, help_text="A sentence or two on benefits, e.g. meal allowance, parental leave."
    )
    board_pass_rate = models.PositiveSmallIntegerField(
        "board pass rate (%)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="The share of graduates passing the ABIM certification exam on the first try, in percent.",
    )
    board_pass_rate_period = models.CharField(
        "board pass rate period", max_length=40, blank=True, help_text='The years it covers, e.g. "2021–2023".'
    )
    graduate_destinations = StreamField(
        [("destination", blocks.CharBlock(max_length=150, label="Destination"))],
        blank=True,
        verbose_name="where recent graduates went",
        help_text='Fellowships and positions of recent graduates, e.g. "General medicine fellowship, MGH".',
    )
    application_contact = models.ForeignKey(
        StaffMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The person applicants should ask. Without one, the email in Contact details is shown.",
    )
    key_dates = StreamField(
        [("event", KeyDateBlock())],
        blank=True,
        help_text="Information sessions, open houses and other dates; also offered as a calendar feed.",
    )

    search_fields = SectionPage.search_fields + [
        index.SearchField("eras_instructions"),
        index.SearchField("nrmp_code"),
        index.SearchField("tracks_text"),
    ]

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("nrmp_code"), FieldPanel("application_deadline"), FieldPanel("other_tracks")],
            heading="Key facts",
        ),
        MultiFieldPanel(
            [
                FieldPanel("positions_per_year"),
                FieldPanel("eras_participation"),
                FieldPanel("application_open_date"),
                FieldPanel("exam_requirements"),
                FieldPanel("interview_period"),
                FieldPanel("interview_format"),
                FieldPanel("visa_sponsorship"),
                FieldPanel("salaries"),
                FieldPanel("benefits_summary"),
                FieldPanel("board_pass_rate"),
                FieldPanel("board_pass_rate_period"),
                FieldPanel("graduate_destinations"),
                FieldPanel("application_contact"),
            ],
            heading="Program at a glance",
            help_text="Shown on the overview and this page, in structured data and the API. Leave unknown facts blank.",
        ),
        FieldPanel("key_dates"),
        FieldPanel("eras_instructions"),
        FieldPanel("tracks_text"),
        FieldPanel("full_details_url"),
        FieldPanel("body"),
    ]

    # The facts as fields for apps, and once more exactly as the "at a glance" panel shows them.
    api_fields = BasePage.api_fields + [
        APIField("program_facts", serializer=ProgramFactsField()),
        APIField("nrmp_code"),
        APIField("nrmp_track_type"),
        APIField("eras_participation"),
        APIField("application_open_date"),
        APIField("application_deadline"),
        APIField("deadline_state"),
        APIField("exam_requirements"),
        APIField("positions_per_year"),
        APIField("interview_period"),
        APIField("interview_format"),
        APIField("visa_sponsorship"),
        APIField("salaries"),
        APIField("benefits_summary"),
        APIField("board_pass_rate"),
        APIField("board_pass_rate_period"),
        APIField("other_tracks"),
        APIField("graduate_destinations"),
        APIField("application_contact", serializer=PublicStaffField()),
        APIField("key_dates"),
        APIField("full_details_url"),
    ]

    @classmethod
    def public_for_request(cls, request):
        """The live Apply page when anyone may read it, else None: its facts show beside every page."""
        return site_pages(request).public_first_of_type(cls)

    @classmethod
    def site_queryset(cls):
        """As the site's pages fetch it (pages.site): with the contact its facts name."""
        return cls.objects.select_related("application_contact")

    @property
    def nrmp_track_type(self):
        """What the NRMP code's type letter means, e.g. "primary care categorical"; "" if not known."""
        return facts.nrmp_track_type(self.nrmp_code)

    def deadline_state(self, now=None):
        """ "open", "closing" (within facts.CLOSING_SOON) or "passed"."""
        return facts.deadline_state(self.application_deadline, now)

    def deadline_state_changes_at(self, now=None):
        """The next moment deadline_state() changes; None once passed (the page cache keeps pages no longer)."""
        return facts.deadline_state_changes_at(self.application_deadline, now)

    def program_facts(self, contact_settings=None, now=None):
        """[Fact(label, value, …), …]: the program facts that are set, in the order applicants compare them."""
        return facts.program_facts(self, contact_settings, now)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        contact = ContactSettings.for_request(request)
        context["deadline_state"] = self.deadline_state()
        context["program_facts"] = self.program_facts(contact)
        context["key_dates"] = key_dates.events(self)
        home = site_pages(request).root
        if home:
            context["structured_data"] = structured_data.program(home, self, contact, request)
        return context
