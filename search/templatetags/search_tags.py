"""The search boxes' limits, from the same definition the search itself applies."""

from django import template

from search.query import MAX_QUERY_LENGTH

register = template.Library()


@register.simple_tag
def search_max_length():
    """The longest query the search reads (longer ones are cut there), for the boxes' maxlength."""
    return MAX_QUERY_LENGTH
