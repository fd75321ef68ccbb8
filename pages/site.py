"""The request's site, its top pages and its settings: built once, kept in the cache, shared by every caller.

The overview's section cards, the main menu, the breadcrumbs, the Apply button, the side column,
the footer and the search's directory links all start from the site root, its live children, the
contact and social media settings and the overview's related links. Built, they cost about ten
queries; so they are kept in Django's cache (shared by every process when it is Redis) and thrown
away whenever a page, a staff or alumni record or a setting changes (see `forget_site_pages`, connected in
apps.py). Each request then takes them from the cache once.
"""

import logging
import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.http.request import split_domain_port

from wagtail.models import Page, PageViewRestriction, Site

from .settings import ContactSettings, SocialMediaSettings

logger = logging.getLogger(__name__)

REQUEST_ATTR = "_program_site_pages"
GENERATION_KEY = "pages:site-generation"
PAGES_KEY = "pages:site-pages:v2:{generation}:{site_id}"
SITE_KEY = "pages:site-for:{generation}:{hostname}:{port}"
SITE_SETTINGS = (ContactSettings, SocialMediaSettings)


@dataclass
class SitePages:
    """The site root and its live children in tree order, each as its specific page type."""

    root: Page | None = None
    children: list[Page] = field(default_factory=list)
    # The site's settings (see pages/settings.py) and the overview's related links, in order.
    settings: list = field(default_factory=list)
    related_links: list = field(default_factory=list)
    # The pages among them that ask for a login or password (a restricted root restricts them all).
    restricted: set = field(default_factory=set)

    @property
    def by_path(self) -> dict[str, Page]:
        pages = [self.root, *self.children] if self.root else self.children
        return {page.path: page for page in pages}

    @property
    def in_menu(self) -> list[Page]:
        return [page for page in self.children if page.show_in_menus]

    def child_by_slug(self, slug: str) -> Page | None:
        return next((page for page in self.children if page.slug == slug), None)

    def first_of_type(self, model: type[Page]) -> Page | None:
        return next((page for page in self.children if isinstance(page, model)), None)

    def public_first_of_type(self, model: type[Page]) -> Page | None:
        """As first_of_type, but None when that page is private: what it says may be shown on other pages."""
        page = self.first_of_type(model)
        if page is None or page.pk in self.restricted or (self.root and self.root.pk in self.restricted):
            return None
        return page


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
        # What a page computes for every page that shows it (the Apply page's graduates), kept with it.
        if hasattr(page, "prepare_for_site"):
            page.prepare_for_site()
    shown = [page.pk for page in [result.root, *result.children] if page is not None]
    result.restricted = set(PageViewRestriction.objects.filter(page_id__in=shown).values_list("page_id", flat=True))
    # Reading never writes: a setting nobody has saved yet reads as its defaults.
    result.settings = [model.objects.filter(site=site).first() or model(site=site) for model in SITE_SETTINGS]
    related_links = getattr(result.root, "related_links", None)  # the overview's, when the root is one
    if related_links is not None:
        result.related_links = list(related_links.select_related("link_page").order_by("sort_order"))
    return result


def cache_get(key):
    try:
        return cache.get(key)
    except Exception:  # A cache outage costs queries, never the page.
        logger.warning("The cache is unavailable: the site's pages come from the database.", exc_info=True)
        return None


def cache_set(key, value):
    try:
        cache.set(key, value, timeout=None)
    except Exception:
        logger.warning("The cache is unavailable: the site's pages were not kept.", exc_info=True)


def generation() -> str:
    """The current generation of the cached site pages; a change starts a new one (see forget_site_pages)."""
    current = cache_get(GENERATION_KEY)
    if current is None:
        current = secrets.token_hex(8)
        cache_set(GENERATION_KEY, current)
    return current


def cached_site_pages(site: Site, current: str) -> SitePages:
    """The site's pages from the cache, built and stored on a miss."""
    key = PAGES_KEY.format(generation=current, site_id=site.pk)
    found = cache_get(key)
    if found is None:
        found = build_site_pages(site)
        cache_set(key, found)
    return found


def find_site(request: HttpRequest, current: str) -> Site | None:
    """Wagtail's own choice of site for the request's host and port, kept in the cache."""
    hostname, port = split_domain_port(request.get_host())[0], request.get_port()
    key = SITE_KEY.format(generation=current, hostname=hostname, port=port)
    site = cache_get(key)
    if site is None:
        site = Site._find_for_request(request)
        if site is not None:
            cache_set(key, site)
    return site


def forget_site_pages(**kwargs) -> None:
    """Throw away every site's cached pages and sites (a page, a staff record, a setting or a site changed).

    Now, and again once the change's transaction commits: a request served in between would
    otherwise keep what the database held before the change under the new generation.
    """
    cache_set(GENERATION_KEY, secrets.token_hex(8))
    transaction.on_commit(lambda: cache_set(GENERATION_KEY, secrets.token_hex(8)))


def site_middleware(get_response):
    """The request's site and its pages from the cache, before any view asks for them.

    Wagtail's `Site.find_for_request` (and so its page routing) reads the site this sets; the site's
    root page is the cached overview, already of its own type, so routing to it and to the
    sections under it costs no query (see HomePage.route).
    """

    def middleware(request):
        current = generation()
        site = find_site(request, current)
        request._wagtail_site = site  # where Site.find_for_request looks first
        if site is not None:
            pages = load_site_pages(request, site, current)
            if pages.root is not None and pages.root.pk == site.root_page_id:
                site.root_page = pages.root
        return get_response(request)

    return middleware


def load_site_pages(request: HttpRequest, site: Site | None, current: str) -> SitePages:
    result = cached_site_pages(site, current) if site is not None else SitePages()
    for setting in result.settings:
        setting._request = request  # as Wagtail's for_request does, for the settings' page links
        setattr(request, type(setting).get_cache_attr_name(), setting)
    setattr(request, REQUEST_ATTR, result)
    return result


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
    return load_site_pages(request, Site.find_for_request(request), generation())
