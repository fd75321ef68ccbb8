"""Portraits of staff, residents and alumni: the one definition of the renditions pages, API and search get."""

from django.db import models

from wagtail.images import get_image_model
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

# The listing shows portraits 5rem (80 CSS px) square, so 1x and 2x; WebP for browsers that take it, JPEG else.
PHOTO_FILTERS = "format-{webp,jpeg} fill-{80x80,160x160}"
PHOTO_SIZES = "5rem"
PHOTO_SPECS = Filter.expand_spec(PHOTO_FILTERS)
# One address every client can read, for the API and the structured data: the sharpest JPEG of the set.
PHOTO_SPEC = PHOTO_SPECS[-1]  # "format-jpeg|fill-160x160", and prefetched with the rest


def photo_picture(image, loading="lazy", **attrs):
    """A <picture> of the portrait through Wagtail's renditions: WebP and JPEG sources, srcset, width, height."""
    attrs = {"sizes": PHOTO_SIZES, "decoding": "async", **attrs}
    if loading != "eager":
        attrs["loading"] = loading
    return Picture(get_renditions_or_not_found(image, PHOTO_SPECS), attrs)


def with_photos(queryset):
    """The records with their portraits and just the renditions the listing shows: two queries for any number."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=PHOTO_SPECS)
    return queryset.select_related("photo").prefetch_related(
        models.Prefetch("photo__renditions", queryset=renditions, to_attr="prefetched_renditions")
    )
