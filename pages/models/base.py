"""Shared pieces of every program page: field helpers and the BasePage all pages extend."""

from django.core.validators import RegexValidator
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import RICH_TEXT_FEATURES, BodyBlock
from ..forms import ProgramPageForm
from ..permissions import ProgramPagePermissionTester
from ..site import site_pages

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

    # The editor's form and the permission tester carry the program's page rules (pages.permissions).
    base_form_class = ProgramPageForm

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        # First: the site's pages and settings the page and its templates read (pages.site).
        site_pages(request)
        return super().get_context(request, *args, **kwargs)

    def get_url_parts(self, request=None):
        # Wagtail builds full URLs from the Site's port (80: http). Behind the TLS proxy the request is secure
        # (SECURE_PROXY_SSL_HEADER), so canonical, Open Graph, JSON-LD and sitemap URLs say https.
        parts = super().get_url_parts(request)
        if parts is None or request is None or not request.is_secure():
            return parts
        site_id, root_url, page_path = parts
        if root_url and root_url.startswith("http://") and ":" not in root_url.removeprefix("http://"):
            root_url = "https://" + root_url.removeprefix("http://")
        return site_id, root_url, page_path

    def permissions_for_user(self, user):
        # Approval before the Apply page goes live; the site's structure stays put (pages.permissions).
        return ProgramPagePermissionTester(user, self)

    @property
    def menu_title(self):
        return self.nav_title or self.title

    @property
    def meta_title(self):
        """The title browsers, search engines and link previews show."""
        return self.seo_title or self.title

    @property
    def meta_description(self):
        """The summary search engines and link previews show: the search description, else the listing summary."""
        return self.search_description or self.listing_summary


class SectionPage(BasePage):
    """One section of the program: a single page of its kind, directly under the overview.

    The main navigation lists the overview's children and the other pages link to each section by
    type, so each section exists once, has no pages under it, and appears in the menu from the start.
    """

    body = body_field()

    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    show_in_menus_default = True

    class Meta:
        abstract = True

    @classmethod
    def for_request(cls, request):
        """The request's site's live page of this section, or None (no query beyond the site's pages)."""
        return site_pages(request).first_of_type(cls)
