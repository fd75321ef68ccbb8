from django import template

from ..photos import photo_picture

register = template.Library()


@register.simple_tag
def staff_photo(image, loading="lazy", **attrs):
    """{% staff_photo member.photo class="…" alt="" %}: Wagtail's {% picture %} with the staff photo renditions.

    `loading="eager"` for portraits at the top of a page; the rest load as they scroll into view.
    """
    return photo_picture(image, loading=loading, **attrs) if image else ""
