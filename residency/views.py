"""Site-wide views that are not Wagtail pages."""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.generic import RedirectView, TemplateView


class RobotsView(TemplateView):
    """robots.txt: keep crawlers out of the admin and point them to the sitemap on this host."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sitemap_url=self.request.build_absolute_uri(reverse("sitemap")), **kwargs)


@method_decorator(cache_control(public=True, max_age=86400), name="dispatch")
class FaviconView(RedirectView):
    """/favicon.ico, which browsers ask for on their own: the site's icon among the static files, under
    whatever name the static storage gives it (e.g. with a content hash in production)."""

    permanent = False  # a hashed name changes when the icon does

    def get_redirect_url(self, *args, **kwargs):
        return static("icons/favicon.ico")
