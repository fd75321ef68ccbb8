"""Rich text is cleaned on its way out as well as in: whatever is stored (by the editor, by code, by a data load),
a page shows only what the editor itself can make, cleaned by the editor's own rules."""

from functools import cache, lru_cache

from django.utils.functional import cached_property

from wagtail.admin.rich_text.converters.db_html import DbHTMLConverter, DbHtmlInputWhitelister

from .blocks import RICH_TEXT_FEATURES

# Elements whose content is code or styling rather than text: removed with everything inside them, where the
# editor's rules would keep their text (a stray "alert(1)" on the page).
REMOVED_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "svg", "math", "textarea"}


class OutputWhitelister(DbHtmlInputWhitelister):
    def clean_tag_node(self, doc, tag):
        if tag.name in REMOVED_WITH_CONTENT:
            tag.decompose()
            return
        super().clean_tag_node(doc, tag)


class OutputConverter(DbHTMLConverter):
    """Wagtail's sanitiser for stored rich text (the editor's whitelist for the given features)."""

    @cached_property
    def whitelister(self):
        return OutputWhitelister(self.converter_rules)


@cache
def converter():
    return OutputConverter(RICH_TEXT_FEATURES)


# Parsing is the cost (several ms for a long text); the same text is shown again and again, so it is cleaned once
# per process. The rendered HTML holds the pages' current addresses, so a moved page is a new entry.
@lru_cache(maxsize=256)
def clean_html(html: str) -> str:
    """Rich text HTML with only the site's features left: paragraphs, line breaks, bold, italic, lists, and links
    to pages, documents, web and email addresses. Scripts, event handlers, styles and javascript: links go."""
    cleaned, _removals = converter().clean(html or "")
    return cleaned
