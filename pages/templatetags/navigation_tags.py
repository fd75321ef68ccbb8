"""Site navigation for templates: main menu, breadcrumbs, the Apply link and the overview's related links.

Every tag works from the request's Wagtail site. The site root and its live children are fetched
once per request (specific, so `menu_title` needs no further query) and shared by all the tags.
"""

from dataclasses import dataclass, field

from django import template
from django.db.models import Q

from wagtail.models import Page, Site

from pages.models import ApplicationProcessPage, HomePageRelatedLink

register = template.Library()

CACHE_ATTR = "_navigation_site_pages"


@dataclass
class SitePages:
    """The site root and its live children in tree order."""

    root: Page | None = None
    children: list[Page] = field(default_factory=list)

    @property
    def by_path(self):
        pages = [self.root, *self.children] if self.root else self.children
        return {page.path: page for page in pages}


@dataclass
class NavItem:
    title: str
    url: str
    # "page" for the page being viewed, "true" for the section it sits in, "" otherwise.
    current: str = ""


def menu_title(page):
    return getattr(page, "menu_title", "") or page.title


def page_url(page, request):
    return page.get_url(request) or ""


def site_pages(request):
    """The request's site root and its live children, fetched once per request."""
    if request is None:
        return SitePages()
    cached = getattr(request, CACHE_ATTR, None)
    if cached is not None:
        return cached

    result = SitePages()
    site = Site.find_for_request(request)
    if site is not None:
        root = site.root_page  # Fetched with the site: no query.
        pages = (
            Page.objects.live()
            .filter(Q(pk=root.pk) | Q(path__startswith=root.path, depth=root.depth + 1))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
        for page in pages:
            if page.pk == root.pk:
                result.root = page
            else:
                result.children.append(page)
    setattr(request, CACHE_ATTR, result)
    return result


def current_page(context):
    """The page being viewed, if the template is rendering one."""
    page = context.get("page")
    return page if isinstance(page, Page) and page.path else None


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The site root (labelled with its menu title) and its live, in-menu children, in tree order."""
    request = context.get("request")
    pages = site_pages(request)
    if pages.root is None:
        return []
    page = current_page(context)

    items = [
        NavItem(
            title=menu_title(pages.root),
            url=page_url(pages.root, request),
            # The overview is current only on itself: every page sits under it.
            current="page" if page and page.path == pages.root.path else "",
        )
    ]
    for child in pages.children:
        if not child.show_in_menus:
            continue
        current = ""
        if page and page.path == child.path:
            current = "page"
        elif page and page.path.startswith(child.path):
            current = "true"
        items.append(NavItem(title=menu_title(child), url=page_url(child, request), current=current))
    return items


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    """The trail from the site root to the current page; empty on the root and where there is no page."""
    request = context.get("request")
    page = current_page(context)
    pages = site_pages(request)
    root = pages.root
    if page is None or root is None or page.path == root.path or not page.path.startswith(root.path):
        return []

    ancestor_paths = [page.path[:end] for end in range(len(root.path), len(page.path), Page.steplen)]
    known = pages.by_path
    missing = [path for path in ancestor_paths if path not in known]
    if missing:
        # Only pages deeper than the sections need this one extra query.
        known.update(
            {
                ancestor.path: ancestor
                for ancestor in Page.objects.filter(path__in=missing).defer_streamfields().specific()
            }
        )

    trail = [
        NavItem(title=menu_title(known[path]), url=page_url(known[path], request))
        for path in ancestor_paths
        if path in known
    ]
    trail.append(NavItem(title=page.title, url=page_url(page, request), current="page"))
    return trail


@register.simple_tag(takes_context=True)
def apply_page_url(context):
    """The URL of the live application page of this site, or "" when there is none."""
    request = context.get("request")
    pages = site_pages(request)
    if pages.root is None:
        return ""
    for child in pages.children:
        if isinstance(child, ApplicationProcessPage):
            return page_url(child, request)
    page = ApplicationProcessPage.objects.live().descendant_of(pages.root).first()
    return page_url(page, request) if page else ""


@register.simple_tag(takes_context=True)
def home_related_links(context):
    """The related links kept on the site's overview page, in the editors' order."""
    pages = site_pages(context.get("request"))
    if pages.root is None:
        return []
    return list(
        HomePageRelatedLink.objects.filter(page_id=pages.root.pk).select_related("link_page").order_by("sort_order")
    )
