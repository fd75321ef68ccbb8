from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from editorial import lockout
from pages import views as page_views

from .api import api_router
from .views import FaviconView, RobotsView

# A failing database answers 503 with Retry-After (residency.faults); anything else, the 500 page.
handler500 = "residency.faults.server_error"

urlpatterns = [
    # A new editor's first password (add_editor's link), ahead of Wagtail's admin.
    path("admin/welcome/", include("editorial.first_password")),
    path("admin/", include(wagtailadmin_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    # A stable address for calendar subscriptions, whatever the Apply page's slug.
    path("key-dates.ics", page_views.key_dates_ics, name="key_dates_ics"),
    path("search/", include("search.urls")),
    # Wagtail's password form for private pages, with the sign-in throttle (Wagtail's own address).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        lockout.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Everything else is a Wagtail page.
    path("", include(wagtail_urls)),
]
