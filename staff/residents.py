"""The program's residents, the alumni they become, and the yearly graduation that turns one into the other."""

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PublishingPanel
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin

from .forms import RecordForm
from .photos import with_photos


class Resident(DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model):
    """A current resident as the "Meet our residents" page shows them; public only when live."""

    base_form_class = RecordForm

    class Year(models.IntegerChoices):
        PGY1 = 1, "PGY-1"
        PGY2 = 2, "PGY-2"
        PGY3 = 3, "PGY-3"

    name = models.CharField(
        max_length=120,
        help_text="Full name as the resident likes it shown. Applicants look for people they can write to.",
    )
    year = models.PositiveSmallIntegerField(
        "postgraduate year",
        choices=Year.choices,
        default=Year.PGY1,
        help_text="The page groups residents by year. The yearly graduation advances everyone by one.",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A portrait, at least 400 px square. Applicants like to see who they would train with; "
        "without one, the page shows the resident's initials.",
    )
    pronouns = models.CharField(
        max_length=40, blank=True, help_text='Only if the resident wants them shown, e.g. "she/her".'
    )
    hometown = models.CharField(
        max_length=120,
        blank=True,
        help_text='Where the resident grew up, e.g. "Worcester, MA". Leave blank to leave out.',
    )
    medical_school = models.CharField(
        max_length=200,
        blank=True,
        help_text="Applicants check whether people from schools like theirs match here, e.g. "
        '"University of Massachusetts Chan Medical School".',
    )
    clinic_site = models.CharField(
        "continuity clinic site",
        max_length=120,
        blank=True,
        help_text='Where the resident sees their own patients, e.g. "MGH Chelsea HealthCare Center".',
    )
    interests = models.CharField(
        max_length=300,
        blank=True,
        help_text="Clinical, research and personal interests in a line, e.g. "
        '"Addiction medicine, health policy, running". Applicants look for people who share theirs.',
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("pronouns"), FieldPanel("year")], heading="Listing"),
        FieldPanel("photo"),
        MultiFieldPanel(
            [FieldPanel("hometown"), FieldPanel("medical_school"), FieldPanel("clinic_site"), FieldPanel("interests")],
            heading="About",
            help_text="Each line is left out of the page while blank.",
        ),
        PublishingPanel(),
    ]

    class Meta:
        ordering = ["year", "name"]

    def __str__(self):
        return self.name

    @property
    def initials(self):
        return "".join(part[0] for part in self.name.split()[:3] if part[:1].isalpha()).upper()

    def get_preview_template(self, request, mode_name):
        return "staff/resident_preview.html"

    @classmethod
    def public(cls):
        """Live residents in year and name order, with their portraits, ready for listing."""
        return with_photos(cls.objects.filter(live=True))

    @classmethod
    def by_year(cls):
        """[(label, [resident…]), …] for PGY-1, PGY-2, PGY-3, empty years left out."""
        residents = list(cls.public())
        groups = [(label, [r for r in residents if r.year == value]) for value, label in cls.Year.choices]
        return [(label, people) for label, people in groups if people]


class Alumnus(DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model):
    """A graduate of the program and the position they went on to; public only when live."""

    base_form_class = RecordForm

    class Kind(models.TextChoices):
        FELLOWSHIP = "fellowship", "Fellowship"
        PRACTICE = "practice", "Clinical practice"
        ACADEMIC = "academic", "Academic medicine"
        PUBLIC_SERVICE = "public_service", "Public service"
        OTHER = "other", "Other"

    name = models.CharField(max_length=120, help_text="Full name, as it appeared on the residents' page.")
    graduation_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1950), MaxValueValidator(2200)],
        help_text="The year the residency was completed, e.g. 2026. The page lists graduates by year.",
    )
    position_kind = models.CharField(
        "next position",
        max_length=16,
        blank=True,
        choices=Kind.choices,
        help_text="Where graduates went is what applicants value most. The summary counts graduates by this; "
        "leave blank until known.",
    )
    institution = models.CharField(
        max_length=200,
        blank=True,
        help_text='Where, e.g. "Massachusetts General Hospital" or "Boston Health Care for the Homeless".',
    )
    field = models.CharField(
        max_length=120,
        blank=True,
        help_text='The specialty or focus, e.g. "General internal medicine" or "Addiction medicine".',
    )
    resident = models.OneToOneField(
        Resident,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="alumnus",
        help_text="The resident record this graduate was, when made by the yearly graduation.",
    )
    graduation = models.ForeignKey(
        "Graduation",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="alumni",
        help_text="The yearly graduation that made this record; undoing it removes the record.",
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("graduation_year")], heading="Graduate"),
        MultiFieldPanel(
            [FieldPanel("position_kind"), FieldPanel("institution"), FieldPanel("field")],
            heading="Next position",
            help_text="Each part is left out of the page while blank.",
        ),
        PublishingPanel(),
    ]

    class Meta:
        ordering = ["-graduation_year", "name"]
        verbose_name = "alumnus"
        verbose_name_plural = "alumni"

    def __str__(self):
        return f"{self.name} ({self.graduation_year})"

    def get_preview_template(self, request, mode_name):
        return "staff/alumnus_preview.html"

    @property
    def position(self):
        """ "Fellowship: Addiction medicine, Boston Medical Center", the parts that are set."""
        place = ", ".join(part for part in (self.field, self.institution) if part)
        kind = self.get_position_kind_display() if self.position_kind else ""
        return f"{kind}: {place}" if kind and place else kind or place

    @classmethod
    def public(cls):
        return cls.objects.filter(live=True)

    @classmethod
    def by_year(cls):
        """[(year, [alumnus…]), …], newest year first."""
        groups = {}
        for alumnus in cls.public():
            groups.setdefault(alumnus.graduation_year, []).append(alumnus)
        return list(groups.items())


# How many recent classes the summary and the "where recent graduates went" fact count.
SUMMARY_YEARS = 5


@dataclass(frozen=True)
class GraduateSummary:
    """Counts of the recent classes' next positions, built from the live alumni records."""

    first_year: int | None = None
    last_year: int | None = None
    total: int = 0
    by_kind: tuple = ()  # ((label, count), …), most frequent first
    unrecorded: int = 0

    @property
    def period(self):
        if self.first_year is None:
            return ""
        return str(self.first_year) if self.first_year == self.last_year else f"{self.first_year}–{self.last_year}"

    @property
    def lines(self):
        """ "Fellowship: 4 of 12", one line per kind."""
        return [f"{label}: {count} of {self.total}" for label, count in self.by_kind]


def graduate_summary(alumni, years=SUMMARY_YEARS):
    """The summary of the last `years` classes among `alumni` (live Alumnus records)."""
    alumni = list(alumni)
    if not alumni:
        return GraduateSummary()
    last = max(alumnus.graduation_year for alumnus in alumni)
    recent = [alumnus for alumnus in alumni if alumnus.graduation_year > last - years]
    counts = Counter(alumnus.position_kind for alumnus in recent if alumnus.position_kind)
    labels = dict(Alumnus.Kind.choices)
    order = list(labels)
    by_kind = tuple(
        (labels[kind], count)
        for kind, count in sorted(counts.items(), key=lambda item: (-item[1], order.index(item[0])))
    )
    return GraduateSummary(
        first_year=min(alumnus.graduation_year for alumnus in recent),
        last_year=last,
        total=len(recent),
        by_kind=by_kind,
        unrecorded=len(recent) - sum(counts.values()),
    )


class Graduation(models.Model):
    """One yearly graduation: what it changed, so that it can be undone exactly."""

    graduation_year = models.PositiveSmallIntegerField()
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    performed_at = models.DateTimeField(auto_now_add=True)
    # [{"resident": pk, "year": year before}, …] for every resident it advanced or graduated.
    changes = models.JSONField(default=list)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-performed_at"]
        get_latest_by = "performed_at"

    def __str__(self):
        return f"Class of {self.graduation_year}"
