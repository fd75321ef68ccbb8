"""Page types of the program site: one class per section of the program."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from editorial.permissions import DirectorApprovalPermissionTester
from staff.models import StaffMember

from . import facts, key_dates, structured_data
from .api import ProgramFactsField, PublicStaffField
from .blocks import RICH_TEXT_FEATURES, BodyBlock, ItemListBlock, KeyDateBlock, SalaryBlock
from .settings import ContactSettings, SocialMediaSettings  # noqa: F401  (registers the site setting models)

CLOSING_SOON = timedelta(days=14)

nrmp_code_validator = RegexValidator(
    r"^\d{7}[A-Z]\d$",
    "An NRMP program code is seven digits, a capital letter for the track type and a digit, e.g. 1261140M0.",
)


def rich_text(**kwargs):
    return RichTextField(features=RICH_TEXT_FEATURES, **kwargs)


def body_field():
    return StreamField(
        BodyBlock(),
        blank=True,
        help_text="Further content: headings, text, images, quotes, cards and calls to action.",
    )


class BasePage(Page):
    """Fields every program page shares: a short navigation label and a one-sentence summary."""

    nav_title = models.CharField(
        "navigation label",
        max_length=40,
        blank=True,
        help_text='A short label for the main navigation, e.g. "Apply". Leave blank to use the page title.',
    )
    listing_summary = models.CharField(
        max_length=250,
        blank=True,
        help_text="One sentence shown under the page title and on cards that link to this page.",
    )
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="social media image",
        help_text=(
            "Shown when this page is shared on social media. Leave empty to use the default in Settings → Social media."
        ),
    )

    # The summaries editors write are what a searcher most likely typed.
    search_fields = Page.search_fields + [index.SearchField("search_description"), index.SearchField("listing_summary")]

    api_fields = [APIField("nav_title"), APIField("listing_summary")]

    promote_panels = Page.promote_panels + [
        MultiFieldPanel([FieldPanel("nav_title"), FieldPanel("listing_summary")], heading="Navigation and listings"),
        FieldPanel("share_image"),
    ]

    class Meta:
        abstract = True

    @property
    def menu_title(self):
        return self.nav_title or self.title


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
        "pages.CareerDevelopmentPage",
        "pages.ApplicationProcessPage",
        "pages.StaffDirectoryPage",
        "pages.StandardPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        apply_page = (
            ApplicationProcessPage.objects.live().descendant_of(self).select_related("application_contact").first()
        )
        contact = ContactSettings.for_request(request)
        context["apply_page"] = apply_page
        context["program_facts"] = apply_page.program_facts(contact) if apply_page else []
        if apply_page:
            context["structured_data"] = structured_data.program(self, apply_page, contact, request)
        context["signatories"] = [
            signatory.staff_member for signatory in self.signatories.select_related("staff_member").all()
        ]
        context["section_pages"] = [page.specific for page in self.get_children().live().in_menu().specific()]
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
            raise ValidationError({"link_url": "Choose a page or enter a web address, not both."})

    @property
    def url(self):
        if self.link_page:
            return self.link_page.url
        return self.link_url


class CurriculumPage(BasePage):
    """The core curriculum and the enhanced primary care curriculum items."""

    core_curriculum = rich_text(help_text="How the enhanced curriculum adds to the core ambulatory curriculum.")
    enhanced_items = StreamField(
        ItemListBlock(),
        blank=True,
        verbose_name="enhanced curriculum items",
        help_text="Each learning opportunity: a short heading and its description.",
    )
    body = body_field()

    search_fields = BasePage.search_fields + [
        index.SearchField("core_curriculum"),
        index.SearchField("enhanced_items"),
        index.SearchField("body"),
    ]

    content_panels = BasePage.content_panels + [
        FieldPanel("core_curriculum"),
        FieldPanel("enhanced_items"),
        FieldPanel("body"),
    ]

    # One page per section, directly under the overview.
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1


class EquityMissionPage(BasePage):
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
    body = body_field()

    search_fields = BasePage.search_fields + [
        index.SearchField("mission"),
        index.SearchField("clinical_systems"),
        index.SearchField("body"),
    ]

    content_panels = BasePage.content_panels + [
        FieldPanel("mission"),
        MultiFieldPanel(
            [FieldPanel("systems_intro"), FieldPanel("clinical_systems"), FieldPanel("systems_outro")],
            heading="Clinical systems",
        ),
        FieldPanel("body"),
    ]

    # One page per section, directly under the overview.
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1


class CareerDevelopmentPage(BasePage):
    """Where graduates go, the further training they take and the mentorship that gets them there."""

    career_paths = rich_text()
    further_training = rich_text(blank=True)
    mentorship = rich_text(blank=True)
    body = body_field()

    search_fields = BasePage.search_fields + [
        index.SearchField("career_paths"),
        index.SearchField("further_training"),
        index.SearchField("mentorship"),
        index.SearchField("body"),
    ]

    content_panels = BasePage.content_panels + [
        FieldPanel("career_paths"),
        FieldPanel("further_training"),
        FieldPanel("mentorship"),
        FieldPanel("body"),
    ]

    # One page per section, directly under the overview.
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1


class ApplicationProcessPage(BasePage):
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
    body = body_field()

    search_fields = BasePage.search_fields + [
        index.SearchField("eras_instructions"),
        index.SearchField("nrmp_code"),
        index.SearchField("tracks_text"),
        index.SearchField("body"),
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

    # One page per section, directly under the overview.
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    @property
    def nrmp_track_type(self):
        """What the NRMP code's type letter means, e.g. "primary care categorical"; "" if not known."""
        return facts.nrmp_track_type(self.nrmp_code)

    def permissions_for_user(self, user):
        # Deadlines and NRMP facts go live through a director's approval (the editorial workflow).
        return DirectorApprovalPermissionTester(user, self)

    def deadline_state(self, now=None):
        """ "open", "closing" (within 14 days) or "passed"."""
        now = now or timezone.now()
        if self.application_deadline <= now:
            return "passed"
        if self.application_deadline - now <= CLOSING_SOON:
            return "closing"
        return "open"

    def program_facts(self, contact_settings=None, now=None):
        """[Fact(label, value, …), …]: the program facts that are set, in the order applicants compare them."""
        return facts.program_facts(self, contact_settings, now)

    def program_home(self):
        return HomePage.objects.ancestor_of(self).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        contact = ContactSettings.for_request(request)
        context["deadline_state"] = self.deadline_state()
        context["program_facts"] = self.program_facts(contact)
        context["key_dates"] = key_dates.events(self)
        home = self.program_home()
        if home:
            context["structured_data"] = structured_data.program(home, self, contact, request)
        return context


class StaffDirectoryPage(BasePage):
    """Faculty & Staff: live, active staff grouped by category in the directors' order."""

    intro = rich_text(blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    # One page per section, directly under the overview.
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    def staff_groups(self):
        """[(category label, [staff…]), …] in category order, empty categories left out."""
        members = list(StaffMember.public().order_by("sort_order", "name"))
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
