"""The request's site, its top pages and its settings: built once, kept in the cache, shared by every caller.

The overview's section cards, the main menu, the breadcrumbs, the Apply button, the side column,
the footer and the search's directory links all start from the site root, its live children, the
contact and social media settings and the overview's related links. Built, they cost about ten
queries; so they are kept in Django's cache (shared by every process when it is Redis) and thrown
away whenever a page, a staff record or a setting changes (see `forget_site_pages`, connected in
apps.py). Each request then takes them from the cache once.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest

from wagtail.models import Page, Site

logger = logging.getLogger(__name__)

REQUEST_ATTR = "_program_site_pages"
CACHE_KEY = "pages:site-pages:{site_id}"


@dataclass
class SitePages:
    """The site root and its live children in tree order, each as its specific page type."""

    root: Page | None = None
    children: list[Page] = field(default_factory=list)
    # The site's settings (see pages/settings.py) and the overview's related links, in order.
    settings: list = field(default_factory=list)
    related_links: list = field(default_factory=list)

    @property
    def by_path(self) -> dict[str, Page]:
        pages = [self.root, *self.children] if self.root else self.children
        return {page.path: page for page in pages}

    @property
    def in_menu(self) -> list[Page]:
        return [page for page in self.children if page.show_in_menus]

    def first_of_type(self, model: type[Page]) -> Page | None:
        return next((page for page in self.children if isinstance(page, model)), None)


def specific_pages(found):
    """The pages named by (pk, content type id), in that order, each from its type's `site_queryset()`.

    Like Wagtail's `.specific()`, one query per page type, but each type says what it brings along
    (the Apply page its application contact), so no page costs a further query when shown.
    """
    found = list(found)
    pks_by_type = defaultdict(list)
    for pk, content_type_id in found:
        pks_by_type[content_type_id].append(pk)
    pages = {}
    for content_type_id, pks in pks_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        queryset = model.site_queryset() if hasattr(model, "site_queryset") else model.objects.all()
        pages.update(queryset.in_bulk(pks))
    return [pages[pk] for pk, _type in found if pk in pages]


def build_site_pages(site: Site) -> SitePages:
    """The site's pages, settings and related links, from the database."""
    from .models import HomePageRelatedLink
    from .settings import ContactSettings, SocialMediaSettings

    result = SitePages()
    root = site.root_page  # Fetched with the site: no query.
    found = (
        Page.objects.live()
        .filter(Q(pk=root.pk) | Q(path__startswith=root.path, depth=root.depth + 1))
        .order_by("path")
        .values_list("pk", "content_type_id")
    )
    for page in specific_pages(found):
        if page.pk == root.pk:
            result.root = page
        else:
            result.children.append(page)
    result.settings = [ContactSettings.for_site(site), SocialMediaSettings.for_site(site)]
    if result.root is not None:
        result.related_links = list(
            HomePageRelatedLink.objects.filter(page_id=result.root.pk)
            .select_related("link_page")
            .order_by("sort_order")
        )
    return result


def cached_site_pages(site: Site) -> SitePages:
    """The site's pages from the cache, built and stored on a miss; built every time while the cache is down."""
    key = CACHE_KEY.format(site_id=site.pk)
    try:
        found = cache.get(key)
    except Exception:  # A cache outage costs queries, never the page.
        logger.warning("The cache is unavailable: the site's pages come from the database.", exc_info=True)
        return build_site_pages(site)
    if found is None:
        found = build_site_pages(site)
        try:
            cache.set(key, found, timeout=None)
        except Exception:
            logger.warning("The cache is unavailable: the site's pages were not kept.", exc_info=True)
    return found


def forget_site_pages(**kwargs) -> None:
    """Throw away every site's cached pages (a page, a staff record or a setting changed)."""
    try:
        cache.delete_many([CACHE_KEY.format(site_id=pk) for pk in Site.objects.values_list("pk", flat=True)])
    except Exception:
        logger.warning("The cache is unavailable: cached site pages could not be forgotten.", exc_info=True)


def site_pages(request: HttpRequest | None) -> SitePages:
    """The request's site root, its live children, its settings and related links, once per request.

    The settings are handed to Wagtail's per-request settings lookup too, so `ContactSettings.for_request`
    and the templates' `settings.pages.ContactSettings` read them without a query.
    """
    if request is None:
        return SitePages()
    cached = getattr(request, REQUEST_ATTR, None)
    if cached is not None:
        return cached

    site = Site.find_for_request(request)
    result = cached_site_pages(site) if site is not None else SitePages()
    for setting in result.settings:
        setting._request = request  # as Wagtail's for_request does, for the settings' page links
        setattr(request, type(setting).get_cache_attr_name(), setting)
    setattr(request, REQUEST_ATTR, result)
    return result
