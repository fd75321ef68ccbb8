"""The staff endpoint of the read-only API: live, active people and only their public fields."""

from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.images.api.fields import ImageRenditionField

from rest_framework import serializers

from .models import StaffMember

# Twice the size the Faculty & Staff page shows, sharp on high-density screens.
PHOTO_SPEC = "fill-320x320"


class StaffAPIViewSet(BaseAPIViewSet):
    """/api/v2/staff/: who is on the Faculty & Staff page, as it shows them."""

    model = StaffMember
    # Filters only on exposed fields (e.g. ?category=residents); the email column is never one of them.
    filter_backends = [FieldsFilter, OrderingFilter, SearchFilter]
    body_fields = [
        *BaseAPIViewSet.body_fields,
        "name",
        "credentials",
        "display_name",
        "title",
        "category",
        APIField("category_label", serializer=serializers.CharField(source="get_category_display")),
        "bio",
        # Named apart from the email column, so the private address can't be filtered or sorted on.
        "public_email",
        APIField("photo", serializer=ImageRenditionField(PHOTO_SPEC)),
    ]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "name",
        "display_name",
        "title",
        "category",
        "public_email",
    ]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, "display_name"]
    name = "staff"

    def get_queryset(self):
        return StaffMember.public()
