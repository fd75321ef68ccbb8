"""The site's URLs plus views that fail, to see the 500 and 503 pages as visitors get them."""

from django.db import OperationalError
from django.urls import path

from residency.urls import handler500  # noqa: F401 - the site's error view, for this URLconf too
from residency.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("a deliberate failure")


def database_down(request):
    raise OperationalError("could not connect to server: Connection refused")


urlpatterns = [path("boom/", fail), path("database-down/", database_down), *site_urlpatterns]
