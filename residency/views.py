"""Site-wide views that are not Wagtail pages."""

from django.urls import reverse
from django.views.generic import TemplateView


class RobotsView(TemplateView):
    """robots.txt: keep crawlers out of the admin and point them to the sitemap on this host."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sitemap_url=self.request.build_absolute_uri(reverse("sitemap")), **kwargs)
