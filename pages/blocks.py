"""The small, deliberate set of StreamField blocks editors compose pages from."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (h2)"), ("h3", "Subsection heading (h3)")],
        default="h2",
        help_text="Use h2 for a new section and h3 inside one, so headings stay in order.",
    )

    class Meta:
        icon = "title"
        template = "pages/blocks/heading_block.html"
        description = "A section heading"
        preview_value = {"text": "Your primary care continuity practice", "level": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(help_text="Describe the image in its alt text, or mark it decorative.")
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "pages/blocks/captioned_image_block.html"
        description = "An image with alt text and an optional caption"


# A link goes to a page on this site or to another website: the block and the overview's related links.
PAGE_OR_URL = "Choose a page or enter a web address, not both."


def link_url(page, web_address):
    return page.url if page else web_address or ""


class LinkStructValue(blocks.StructValue):
    def url(self):
        return link_url(self.get("page"), self.get("external_url"))


class LinkFieldsBlock(blocks.StructBlock):
    """A link to a page on this site or to another website, never both."""

    page = blocks.PageChooserBlock(required=False, help_text="A page on this site…")
    external_url = blocks.URLBlock(required=False, label="External URL", help_text="…or a full web address.")

    class Meta:
        value_class = LinkStructValue

    def clean(self, value):
        value = super().clean(value)
        if value.get("page") and value.get("external_url"):
            raise blocks.StructBlockValidationError(
                block_errors={"external_url": ErrorList([ValidationError(PAGE_OR_URL)])}
            )
        return value


class RequiredLinkFieldsBlock(LinkFieldsBlock):
    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("external_url"):
            message = "Choose a page or enter a web address."
            raise blocks.StructBlockValidationError(block_errors={"page": ErrorList([ValidationError(message)])})
        return value


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=80, help_text='The button text, e.g. "Apply through ERAS".')
    link = RequiredLinkFieldsBlock()

    class Meta:
        icon = "link"
        template = "pages/blocks/call_to_action_block.html"
        description = "A prominent link to the next step"


class QuoteBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    attribution = blocks.CharBlock(required=False, max_length=200, help_text="Who said or signed it.")

    class Meta:
        icon = "openquote"
        template = "pages/blocks/quote_block.html"
        description = "A quotation or short letter with its author"


class CardBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=100)
    text = blocks.TextBlock(required=False, max_length=300)
    link = LinkFieldsBlock(required=False)


class CardListBlock(blocks.StructBlock):
    cards = blocks.ListBlock(CardBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "pages/blocks/card_list_block.html"
        description = "A row of cards, each with a title, a line of text and a link"


class ContactBlock(blocks.StaticBlock):
    class Meta:
        icon = "mail"
        template = "pages/blocks/contact_block.html"
        admin_text = "Shows the program's contact details from Settings → Contact details."
        description = "The program's address, phone, fax and email"


class ListItemBlock(blocks.StructBlock):
    """One item of a structured list: a short heading, its text and an optional link."""

    heading = blocks.CharBlock(max_length=150)
    text = blocks.RichTextBlock(required=False, features=RICH_TEXT_FEATURES)
    link = LinkFieldsBlock(required=False, help_text="Optional: where to read more.")

    class Meta:
        icon = "list-ul"
        template = "pages/blocks/list_item_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    image = CaptionedImageBlock()
    call_to_action = CallToActionBlock()
    quote = QuoteBlock()
    cards = CardListBlock()
    contact = ContactBlock()


class ItemListBlock(blocks.StreamBlock):
    item = ListItemBlock()


class SalaryBlock(blocks.StructBlock):
    """One postgraduate year's salary, as applicants compare them across programs."""

    pgy = blocks.IntegerBlock(
        min_value=1, max_value=8, label="PGY year", help_text="Postgraduate year: 1 for interns, 2, 3…"
    )
    salary = blocks.IntegerBlock(min_value=0, label="Salary (US dollars a year)", help_text="e.g. 78000")
    note = blocks.CharBlock(required=False, max_length=120, help_text='Optional, e.g. "plus a housing stipend".')

    class Meta:
        icon = "table"
        label = "Salary for one year"
        description = "The salary for one postgraduate year"


# The recruitment season's milestones, in the order they come; applicants plan their season by them.
KEY_DATE_KINDS = [
    ("eras_opens", "ERAS opens to applicants"),
    ("review_begins", "Programs begin reviewing applications"),
    ("first_invitations", "First-wave interview invitations"),
    ("interviews", "Interview dates"),
    ("information_session", "Information session"),
    ("rank_list_due", "Rank order list due"),
    ("match_day", "Match Day"),
    ("other", "Other"),
]


class KeyDateBlock(blocks.StructBlock):
    """A dated event for applicants: a milestone of the season, an information session or another date."""

    kind = blocks.ChoiceBlock(
        choices=KEY_DATE_KINDS,
        default="other",
        help_text=(
            "Applicants plan their season around these; the first-wave invitation date is asked of every "
            "internal medicine program. The title defaults to the kind's name."
        ),
    )
    title = blocks.CharBlock(
        required=False, max_length=120, help_text='e.g. "Virtual information session". Needed for "Other".'
    )
    start = blocks.DateTimeBlock(help_text="Date and time in US Eastern time (Boston).")
    end = blocks.DateTimeBlock(required=False, help_text="Optional; after the start.")
    location = blocks.CharBlock(required=False, max_length=200, help_text='e.g. "Online" or a building and room.')
    description = blocks.TextBlock(required=False, max_length=500)
    link = blocks.URLBlock(required=False, help_text="Optional: where to register or read more.")

    class Meta:
        icon = "date"
        label = "Key date"
        description = "A milestone of the recruitment season, an information session or another date"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("title") and value.get("kind") == "other":
            raise blocks.StructBlockValidationError(
                block_errors={"title": ErrorList([ValidationError("Give the date a title, or choose its kind.")])}
            )
        if value.get("end") and value.get("start") and value["end"] <= value["start"]:
            raise blocks.StructBlockValidationError(
                block_errors={"end": ErrorList([ValidationError("The end must be after the start.")])}
            )
        return value


# The kinds of wellness item, in the order the Wellness page groups them, with each group's heading.
WELLNESS_KINDS = [
    ("retreat", "Retreats and special sessions"),
    ("mentorship", "Mentorship"),
    ("community", "Community"),
    ("other", "More for residents"),
]


class WellnessItemBlock(blocks.StructBlock):
    """One part of resident wellness: a retreat, mentorship, a community, or something else."""

    kind = blocks.ChoiceBlock(
        choices=WELLNESS_KINDS,
        default="other",
        help_text="Applicants look for protected time away, someone to turn to, and a community; say which this is.",
    )
    title = blocks.CharBlock(max_length=150, help_text='e.g. "Retreats and Primary Care Special Sessions".')
    description = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, help_text="What happens, how often, and whether the time is protected."
    )

    class Meta:
        icon = "group"
        label = "Wellness item"
        template = "pages/blocks/wellness_item_block.html"


class WellnessItemsBlock(blocks.StreamBlock):
    item = WellnessItemBlock()


class QuestionBlock(blocks.StructBlock):
    """One frequently asked question with its answer."""

    question = blocks.CharBlock(max_length=250, help_text="As an applicant would ask it, e.g. “Do you sponsor visas?”")
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, help_text="A short, direct answer; link to details.")

    class Meta:
        icon = "help"
        label = "Question and answer"
        template = "pages/blocks/question_block.html"


class QuestionsBlock(blocks.StreamBlock):
    question = QuestionBlock()


class ItineraryItemBlock(blocks.StructBlock):
    """One step of the interview day."""

    time = blocks.CharBlock(max_length=40, help_text='e.g. "8:00 a.m." or "Morning".')
    activity = blocks.CharBlock(max_length=200, help_text='e.g. "Welcome from the program director".')

    class Meta:
        icon = "time"
        label = "Itinerary step"
