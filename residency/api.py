"""The read-only public API (Wagtail API v2): live pages, images and staff, throttled and cacheable."""

import unicodedata

from django.conf import settings
from django.db import models
from django.utils.cache import patch_cache_control

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale

from redis.exceptions import RedisError
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import AnonRateThrottle

from search.query import SearchText
from staff.api import StaffAPIViewSet

# Ids, counts and positions beyond this fit no database column here; refused before a query is made.
MAX_NUMBER = 2**31 - 1
NUMBER_PARAMETERS = {"limit", "offset", "id", "child_of", "descendant_of", "ancestor_of", "translation_of"}
# Wagtail's word for the site's root page, where a page id is asked for.
ROOT_PARAMETERS = {"child_of", "descendant_of", "translation_of"}
INTEGER_FIELDS = (models.IntegerField, models.AutoField, models.ForeignKey)
MAX_VALUE_LENGTH = 255
SEARCH_OPERATORS = {"and", "or"}
# The only representation the API gives (DRF would otherwise answer ?format=api with an empty 404).
FORMATS = {"json"}


class APIThrottle(AnonRateThrottle):
    """Requests per client address; every caller is anonymous here."""

    scope = "api"

    def allow_request(self, request, view):
        # The count lives in the shared cache; while Redis is unreachable the API answers unthrottled.
        try:
            return super().allow_request(request, view)
        except RedisError:
            return True


class PublicAPIMixin:
    """Everyone gets the same public answer: no sessions, JSON only, a rate limit and a shared-cache lifetime."""

    authentication_classes = []
    renderer_classes = [JSONRenderer]
    throttle_classes = [APIThrottle]

    def check_query_parameters(self, queryset):
        """Wagtail's checks (known parameters, fields, orderings), then every value's own: no control characters,
        bounded numbers and lengths; the search text cleaned as the site search cleans it."""
        super().check_query_parameters(queryset)
        query = self.request.GET.copy()
        integer_filters = self.integer_filters(queryset.model)
        for name, values in query.lists():
            for value in values:
                check_value(name, value)
                if name in integer_filters:
                    check_integer(name, value)
        if "locale" in query and not Locale.objects.filter(language_code=query["locale"]).exists():
            raise BadRequestError("locale: no such locale")
        if "search" in query:
            search = SearchText.from_input(query["search"])
            if not search.terms:
                raise BadRequestError("search: give at least one word to search for")
            query["search"] = search.text
        if query.get("search_operator", "and") not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator: must be 'and' or 'or'")
        self.request._request.GET = query

    def integer_filters(self, model):
        """The whole-number fields Wagtail filters by (?positions_per_year=…): the API's database fields, less
        locale, which Wagtail reads as a language code."""
        names = set(self.get_available_fields(model, db_fields_only=True)) - {"locale"}
        return {name for name in names if isinstance(model._meta.get_field(name), INTEGER_FIELDS)}

    def find_view(self, request):
        """/find/?id=… or ?html_path=…: the same checks on each value (an id is a number)."""
        for name, values in request.GET.lists():
            for value in values:
                check_value(name, value)
        return super().find_view(request)

    def perform_content_negotiation(self, request, force=False):
        requested = request.query_params.get("format")
        if not force and requested is not None and requested not in FORMATS:
            raise BadRequestError("format: must be 'json'")
        return super().perform_content_negotiation(request, force=force)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
        return response


def check_value(name, value):
    if name == "search":
        return  # cleaned, not refused, as the site search does
    if any(unicodedata.category(character) == "Cc" for character in value):
        raise BadRequestError(f"{name}: control characters are not allowed")
    if len(value) > MAX_VALUE_LENGTH:
        raise BadRequestError(f"{name}: at most {MAX_VALUE_LENGTH} characters")
    if name in NUMBER_PARAMETERS and not (name in ROOT_PARAMETERS and value == "root"):
        # ASCII digits only: Python's int() also reads "٣", " 5" and "+5", and fails on "²".
        if not (value.isascii() and value.isdigit()):
            raise BadRequestError(f"{name}: must be a whole number from 0 to {MAX_NUMBER}")
        if int(value) > MAX_NUMBER:
            raise BadRequestError(f"{name}: at most {MAX_NUMBER}")


def check_integer(name, value):
    digits = value.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or int(digits) > MAX_NUMBER:
        raise BadRequestError(f"{name}: must be a whole number from -{MAX_NUMBER} to {MAX_NUMBER}")


class PublicPagesAPIViewSet(PublicAPIMixin, PagesAPIViewSet):
    """Live pages that anyone may see (Wagtail leaves out drafts and private pages)."""


# The largest copy the API gives of an image: a rendition, made from the upload without its metadata.
API_IMAGE_SPEC = "max-1600x1600|format-jpeg"


class PublicImageSerializer(ImageSerializer):
    """An image as renditions only: the uploaded original's address (download_url) is never published."""

    download_url = None
    rendition = ImageRenditionField(API_IMAGE_SPEC, source="*", read_only=True)


class PublicImagesAPIViewSet(PublicAPIMixin, ImagesAPIViewSet):
    """Images outside restricted collections, each as a rendition (in its detail, or with fields=rendition)."""

    base_serializer_class = PublicImageSerializer
    body_fields = [*ImagesAPIViewSet.body_fields, "rendition"]
    meta_fields = [field for field in ImagesAPIViewSet.meta_fields if field != "download_url"]
    listing_default_fields = [field for field in ImagesAPIViewSet.listing_default_fields if field != "download_url"]
    nested_default_fields = [field for field in ImagesAPIViewSet.nested_default_fields if field != "download_url"]


class PublicStaffAPIViewSet(PublicAPIMixin, StaffAPIViewSet):
    """Live, active staff with their public fields."""


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("staff", PublicStaffAPIViewSet)
