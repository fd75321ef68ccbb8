"""Site settings owned by the program pages: the contact details shown in the footer, and social media sharing."""

from django.core.validators import RegexValidator
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from staff.models import phone_validator

zip_validator = RegexValidator(r"^\d{5}(-\d{4})?$", "Enter a ZIP code such as 02114 or 02114-2696.")
state_validator = RegexValidator(r"^[A-Z]{2}$", "Enter the two-letter state code, e.g. MA.")


def tel_href(number):
    """A tel: link for a North American number as people write it, e.g. 617-643-0669."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) == 10:
        digits = "1" + digits
    return f"tel:+{digits}" if digits else ""


@register_setting(icon="mail")
class ContactSettings(BaseSiteSetting):
    """How applicants reach the program; shown in the footer and in contact blocks."""

    organization = models.CharField(
        max_length=120,
        blank=True,
        help_text="The hospital that runs the program, e.g. Massachusetts General Hospital.",
    )
    department = models.CharField(max_length=120, blank=True, help_text="e.g. Department of Medicine")
    street_address = models.CharField(max_length=120, blank=True)
    city = models.CharField(max_length=60, blank=True)
    state = models.CharField(max_length=2, blank=True, validators=[state_validator])
    postal_code = models.CharField("ZIP code", max_length=10, blank=True, validators=[zip_validator])
    phone = models.CharField(max_length=32, blank=True, validators=[phone_validator])
    fax = models.CharField(max_length=32, blank=True, validators=[phone_validator])
    email = models.EmailField(blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organization"),
                FieldPanel("department"),
                FieldPanel("street_address"),
                FieldPanel("city"),
                FieldPanel("state"),
                FieldPanel("postal_code"),
            ],
            heading="Postal address",
        ),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("fax"), FieldPanel("email")], heading="Phone and email"),
    ]

    class Meta:
        verbose_name = "contact details"
        verbose_name_plural = "contact details"

    @property
    def phone_href(self):
        return tel_href(self.phone)

    @property
    def fax_href(self):
        return tel_href(self.fax)

    @property
    def city_line(self):
        """ "Boston, MA 02114" from its parts."""
        region = " ".join(part for part in (self.state, self.postal_code) if part)
        return ", ".join(part for part in (self.city, region) if part)


@register_setting(icon="image")
class SocialMediaSettings(BaseSiteSetting):
    """What link previews on social media and in messaging apps show when a page has no image of its own."""

    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Shown when a page without its own social media image is shared. Landscape, 1200 × 630 px works best; "
            "its description is used as the alt text."
        ),
    )

    panels = [FieldPanel("default_share_image")]

    class Meta:
        verbose_name = "social media"
        verbose_name_plural = "social media"
