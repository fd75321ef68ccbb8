"""The Apply page: how to apply and the program facts applicants compare."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.functional import cached_property

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from staff.models import Alumnus, StaffMember
from staff.residents import graduate_summary
from staff.serializers import PublicStaffField

from .. import facts, key_dates, structured_data
from ..api import ProgramFactsField
from ..blocks import ItineraryItemBlock, KeyDateBlock, SalaryBlock
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

    class ExamPolicy(models.TextChoices):
        USMLE_OR_COMLEX = "usmle_or_comlex", "USMLE or COMLEX accepted"
        USMLE_PREFERRED = "usmle_preferred", "COMLEX accepted, USMLE preferred"
        USMLE_ONLY = "usmle_only", "USMLE only"

    class MinimumScores(models.TextChoices):
        NONE = "none", "No minimum scores"
        STATED = "stated", "Minimum scores apply"

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
    # Eligibility: what applicants check first to know whether to apply at all.
    exam_policy = models.CharField(
        "USMLE/COMLEX policy",
        max_length=20,
        blank=True,
        choices=ExamPolicy.choices,
        help_text="Osteopathic applicants look for this first. Leave blank if not stated.",
    )
    exam_requirements = models.CharField(
        "exam timing and other requirements",
        max_length=250,
        blank=True,
        help_text='Which exams must be passed or taken, and by when, e.g. "Step 2 CK results before ranking".',
    )
    minimum_scores = models.CharField(
        "minimum scores",
        max_length=20,
        blank=True,
        choices=MinimumScores.choices,
        help_text="Applicants skip programs with cut-offs they miss; say so either way. Leave blank if not stated.",
    )
    minimum_scores_detail = models.CharField(
        "the minimum scores",
        max_length=200,
        blank=True,
        help_text='Only with "Minimum scores apply", e.g. "Step 2 CK 230".',
    )
    years_since_graduation = models.PositiveSmallIntegerField(
        "years since graduation (at most)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(50)],
        help_text="The most years since medical school graduation the program accepts. Blank: no limit stated.",
    )
    international_graduates = models.BooleanField(
        "international medical graduates",
        null=True,
        blank=True,
        choices=[(True, "Accepted"), (False, "Not accepted")],
        help_text="Whether graduates of medical schools outside the US and Canada may apply. Blank: not stated.",
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
        help_text=(
            "Visas the program sponsors. International applicants check this first, and compare it with the "
            "national listing: keep both the same. Leave blank if not stated."
        ),
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
        help_text=(
            "The season's dates applicants plan by (ERAS opens, first-wave invitations, interview dates, rank list "
            "due, Match Day), information sessions and other dates; also offered as a calendar feed."
        ),
    )

    # The interview season: what applicants are asked to plan around.
    interview_itinerary = StreamField(
        [("step", ItineraryItemBlock())],
        blank=True,
        verbose_name="interview day itinerary",
        help_text="The interview day, step by step; applicants want to know how long it is and whom they meet.",
    )
    signal_policy = rich_text(
        blank=True,
        verbose_name="application signals",
        help_text="How the program reads preference signals, e.g. whether it interviews applicants who did not signal.",
    )
    interview_status_reporting = models.TextField(
        "how interview status is reported",
        max_length=500,
        blank=True,
        help_text="How and by when applicants hear they are invited, wait-listed or not invited.",
    )

    search_fields = SectionPage.search_fields + [
        index.SearchField("eras_instructions"),
        index.SearchField("nrmp_code"),
        index.SearchField("tracks_text"),
        index.SearchField("signal_policy"),
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
                FieldPanel("interview_period"),
                FieldPanel("interview_format"),
                FieldPanel("salaries"),
                FieldPanel("benefits_summary"),
                FieldPanel("board_pass_rate"),
                FieldPanel("board_pass_rate_period"),
                FieldPanel("application_contact"),
            ],
            heading="Program at a glance",
            help_text="Shown on the overview and this page, in structured data and the API. Leave unknown facts blank.",
        ),
        MultiFieldPanel(
            [
                FieldPanel("exam_policy"),
                FieldPanel("exam_requirements"),
                FieldPanel("minimum_scores"),
                FieldPanel("minimum_scores_detail"),
                FieldPanel("years_since_graduation"),
                FieldPanel("international_graduates"),
                FieldPanel("visa_sponsorship"),
            ],
            heading="Eligibility and visa",
            help_text="Shown at a glance and on this page. Leave unknown facts blank.",
        ),
        MultiFieldPanel(
            [
                FieldPanel("key_dates"),
                FieldPanel("interview_itinerary"),
                FieldPanel("signal_policy"),
                FieldPanel("interview_status_reporting"),
            ],
            heading="Recruitment season",
            help_text="Each part is left off the page while empty.",
        ),
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
        APIField("exam_policy"),
        APIField("exam_requirements"),
        APIField("minimum_scores"),
        APIField("minimum_scores_detail"),
        APIField("years_since_graduation"),
        APIField("international_graduates"),
        APIField("positions_per_year"),
        APIField("interview_period"),
        APIField("interview_format"),
        APIField("visa_sponsorship"),
        APIField("salaries"),
        APIField("benefits_summary"),
        APIField("board_pass_rate"),
        APIField("board_pass_rate_period"),
        APIField("other_tracks"),
        APIField("application_contact", serializer=PublicStaffField()),
        APIField("key_dates"),
        APIField("interview_itinerary"),
        APIField("interview_status_reporting"),
        APIField("full_details_url"),
    ]

    def clean(self):
        super().clean()
        stated = self.minimum_scores == self.MinimumScores.STATED
        if stated and not self.minimum_scores_detail:
            raise ValidationError({"minimum_scores_detail": "Give the minimum scores, or choose another answer."})
        if self.minimum_scores_detail and not stated:
            raise ValidationError({"minimum_scores_detail": 'Leave this blank unless "Minimum scores apply".'})

    @classmethod
    def public_for_request(cls, request):
        """The live Apply page when anyone may read it, else None: its facts show beside every page."""
        return site_pages(request).public_first_of_type(cls)

    @classmethod
    def site_queryset(cls):
        """As the site's pages fetch it (pages.site): with the contact its facts name."""
        return cls.objects.select_related("application_contact")

    @cached_property
    def recent_graduates(self):
        """Where the recent classes went, counted from the live alumni records (the "where graduates went" fact)."""
        return graduate_summary(Alumnus.public().only("graduation_year", "position_kind"))

    def prepare_for_site(self):
        # Counted once when the site's pages are cached (pages.site), not on every page that shows the facts.
        self.recent_graduates  # noqa: B018

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
        context["events_data"] = structured_data.events(context["key_dates"], contact, self.get_full_url(request))
        home = site_pages(request).root
        if home:
            context["structured_data"] = structured_data.program(home, self, contact, request)
        return context

    @property
    def has_interview_day(self):
        return bool(self.interview_format or self.interview_itinerary)
