"""The faculty & staff records that directors keep current."""

from django.core.validators import RegexValidator
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PublishingPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
)
from wagtail.search import index

from .forms import RecordForm
from .photos import with_photos

phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-.]{7,20}$",
    "Enter a phone number using digits, spaces, dashes or brackets, e.g. 617-643-0669.",
)


class StaffMember(DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, index.Indexed, models.Model):
    """A person on the program's faculty & staff listing; public only when live and active."""

    class Category(models.TextChoices):
        PROGRAM_LEADERSHIP = "program_leadership", "Program leadership"
        CHIEF_RESIDENTS = "chief_residents", "Chief residents"
        PROGRAM_STAFF = "program_staff", "Program staff"
        FACULTY = "faculty", "Faculty"
        RESIDENTS = "residents", "Current residents"

    name = models.CharField(max_length=120, help_text="Full name as it should appear, e.g. Sarah Kler.")
    credentials = models.CharField(
        max_length=60, blank=True, help_text='Degrees after the name, e.g. "MD" or "MD, MPH". Leave blank if none.'
    )
    title = models.CharField(max_length=200, help_text="Role in the program, e.g. Ambulatory Chief Resident.")
    category = models.CharField(
        max_length=32,
        choices=Category.choices,
        default=Category.FACULTY,
        help_text="The group this person is listed under on the Faculty & Staff page.",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A portrait, at least 400 px square. Without one, the listing shows the person's initials.",
    )
    bio = models.TextField(blank=True, max_length=1000, verbose_name="short bio")
    email = models.EmailField(blank=True)
    email_public = models.BooleanField(
        "show email publicly",
        default=False,
        help_text="Show the email address on the public site. Leave unticked to keep it for staff use only.",
    )
    phone = models.CharField(max_length=32, blank=True, validators=[phone_validator])
    sort_order = models.PositiveIntegerField(default=0, editable=False, db_index=True)
    active = models.BooleanField(
        default=True, help_text="Untick when the person leaves the program; they disappear from the public site."
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("credentials"), FieldPanel("title"), FieldPanel("category")],
            heading="Listing",
        ),
        FieldPanel("photo"),
        FieldPanel("bio"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("email_public"), FieldPanel("phone")],
            heading="Contact",
        ),
        FieldPanel("active"),
        # Go-live and expiry dates, e.g. a new chief resident appears on 1 July.
        PublishingPanel(),
    ]
    # Refuses a save from a version someone else has replaced since (staff.forms).
    base_form_class = RecordForm

    search_fields = [
        index.SearchField("name"),
        index.SearchField("title"),
        index.SearchField("bio"),
        index.AutocompleteField("name"),
        index.FilterField("category"),
        index.FilterField("active"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "staff member"
        verbose_name_plural = "faculty & staff"

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if self._state.adding and not self.sort_order:
            # New people go to the end of the listing until a director moves them.
            last = StaffMember.objects.aggregate(last=models.Max("sort_order"))["last"]
            self.sort_order = 0 if last is None else last + 1
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        """The name with credentials, e.g. "William Kormos, MD"."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    @property
    def initials(self):
        return "".join(part[0] for part in self.name.split()[:3] if part[:1].isalpha()).upper()

    @property
    def is_public(self):
        """The one rule for who applicants see: live (published) and still with the program."""
        return self.live and self.active

    @property
    def public_email(self):
        return self.email if self.email_public else ""

    def get_preview_template(self, request, mode_name):
        return "staff/staff_member_preview.html"

    @classmethod
    def public(cls):
        """Live, active staff (see is_public), in the directors' order, ready for listing."""
        return with_photos(cls.objects.filter(live=True, active=True))


# The residents and alumni live beside the staff records, in their own module.
from .residents import Alumnus, Graduation, Resident  # noqa: E402

__all__ = ["Alumnus", "Graduation", "Resident", "StaffMember"]
