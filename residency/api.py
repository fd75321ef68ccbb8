"""The read-only public API (Wagtail API v2): live pages, images and staff, throttled and cacheable."""

from django.conf import settings
from django.utils.cache import patch_cache_control

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from redis.exceptions import RedisError
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import AnonRateThrottle

from staff.api import StaffAPIViewSet


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

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
        return response


class PublicPagesAPIViewSet(PublicAPIMixin, PagesAPIViewSet):
    """Live pages that anyone may see (Wagtail leaves out drafts and private pages)."""


class PublicImagesAPIViewSet(PublicAPIMixin, ImagesAPIViewSet):
    """Images outside restricted collections."""


class PublicStaffAPIViewSet(PublicAPIMixin, StaffAPIViewSet):
    """Live, active staff with their public fields."""


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("staff", PublicStaffAPIViewSet)
