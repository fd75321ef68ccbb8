"""Resident wellness: the person to turn to and the retreats, mentorship and community residents share."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from staff.models import StaffMember

from ..blocks import WELLNESS_KINDS, WellnessItemsBlock
from .base import BasePage, SectionPage, rich_text


class WellnessPage(SectionPage):
    """Wellness: a named wellness lead and the program's retreats, mentorship and community."""

    intro = rich_text(
        blank=True, help_text="How the program looks after its residents, in a sentence or two. Optional."
    )
    wellness_lead = models.ForeignKey(
        StaffMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "The faculty member residents turn to for wellness. Applicants look for a named person; few programs "
            "give one. Shown with their photo and title from Faculty & staff; left out while blank."
        ),
    )
    items = StreamField(
        WellnessItemsBlock(),
        blank=True,
        verbose_name="wellness items",
        help_text="Retreats, mentorship, community and more: each with what it is and how often it happens.",
    )

    search_fields = SectionPage.search_fields + [index.SearchField("intro"), index.SearchField("items")]

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("wellness_lead"),
        FieldPanel("items"),
        FieldPanel("body"),
    ]

    # Linked from the Curriculum page; editors put it in the main menu when the program wants it there.
    show_in_menus_default = False

    def lead(self):
        """The wellness lead while their record is public, with the portrait's renditions; else None."""
        if self.wellness_lead_id is None:
            return None
        return StaffMember.public().filter(pk=self.wellness_lead_id).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lead"] = self.lead()
        context["item_groups"] = self.item_groups()
        return context

    def item_groups(self):
        """[(kind, heading, [item…]), …] in the kinds' order, empty kinds left out."""
        groups = []
        for kind, heading in WELLNESS_KINDS:
            items = [item for item in self.items if item.value["kind"] == kind]
            if items:
                groups.append((kind, heading, items))
        return groups
