"""Frequently asked questions, with answers search engines can read as an FAQ."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from .. import structured_data
from ..blocks import QuestionsBlock
from .base import BasePage, SectionPage, rich_text


class FAQPage(SectionPage):
    """Questions applicants ask, each with a short answer; found by the site's search, answers included."""

    intro = rich_text(blank=True, help_text="Optional: a sentence above the questions.")
    questions = StreamField(
        QuestionsBlock(),
        blank=True,
        help_text=(
            "What applicants ask most: visas, eligibility, signals, interview days, the Match. Publish the page once "
            "it has questions."
        ),
    )

    search_fields = SectionPage.search_fields + [index.SearchField("intro"), index.SearchField("questions")]

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("questions"), FieldPanel("body")]

    show_in_menus_default = False

    class Meta:
        verbose_name = "FAQ page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.questions:
            context["structured_data"] = structured_data.faq(self, request)
        return context
