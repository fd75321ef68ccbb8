"""The site's URLs plus one view that fails, to see the 500 page as visitors get it."""

from django.urls import path

from residency.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("a deliberate failure")


urlpatterns = [path("boom/", fail), *site_urlpatterns]
