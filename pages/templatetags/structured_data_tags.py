"""The json_ld filter: schema.org data built in Python, written as a safe ld+json script element."""

from django import template

from pages.structured_data import json_ld_script

register = template.Library()


@register.filter
def json_ld(data):
    """{{ structured_data|json_ld }}: nothing when there is no data."""
    return json_ld_script(data) if data else ""
