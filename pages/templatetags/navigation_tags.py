"""Site navigation for templates: main menu, breadcrumbs, the Apply link and the overview's related links.

Every tag works from the request's site pages (pages.site), fetched once per request and shared
with the page's own context.
"""

from dataclasses import dataclass

from django import template

from wagtail.models import Page

from pages.models import ApplicationProcessPage
from pages.site import site_pages

register = template.Library()


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
    for child in pages.in_menu:
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
    page = ApplicationProcessPage.for_request(request)
    return page_url(page, request) if page else ""


@register.simple_tag(takes_context=True)
def home_related_links(context):
    """The related links kept on the site's overview page, in the editors' order."""
    return site_pages(context.get("request")).related_links
