"""The one place rich text reaches a page: Wagtail renders every rich text value (the |richtext filter and
RichTextBlock values alike) through the template wagtailcore/shared/richtext.html, which this app overrides."""

from django import template
from django.utils.safestring import mark_safe

from ..rich_text import clean_html

register = template.Library()


@register.filter
def clean_rich_text(html):
    return mark_safe(clean_html(str(html)))  # noqa: S308 - cleaned to the editor's whitelist just now
