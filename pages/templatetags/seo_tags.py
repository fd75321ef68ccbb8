"""Head tags that help search engines and link previews: canonical URL, Open Graph and Twitter cards.

Everything comes from the page's own fields (title, SEO title, search description, listing summary,
social media image) and the site's settings, so each fact is edited once.
"""

from django import template
from django.conf import settings

from wagtail.models import Page, Site

from pages.settings import SocialMediaSettings

register = template.Library()

# The size link previews on the main networks expect (1.91:1).
SHARE_IMAGE_SPEC = "fill-1200x630"


def share_image(page, request):
    """The page's own social media image, or the site's default one; None when neither is set."""
    image = getattr(page, "share_image", None)
    if image is None:
        image = SocialMediaSettings.for_request(request).default_share_image
    if image is None:
        return None
    rendition = image.get_rendition(SHARE_IMAGE_SPEC)
    return {
        "url": request.build_absolute_uri(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text,
    }


@register.inclusion_tag("includes/seo_meta.html", takes_context=True)
def seo_meta(context):
    """Canonical link and social cards for the page being viewed; nothing for views without a page."""
    request = context.get("request")
    page = context.get("page")
    if request is None or not isinstance(page, Page):
        return {}
    url = page.get_full_url(request)
    if not url:
        return {}
    site = Site.find_for_request(request)
    return {
        "canonical_url": url,
        "title": page.meta_title,
        "description": page.meta_description,
        "site_name": (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME,
        "image": share_image(page, request),
    }
