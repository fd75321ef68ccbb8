"""The request's site and its top pages, fetched once per request and shared by every caller.

The overview's section cards, the main menu, the breadcrumbs, the Apply button, the side column
and the search's directory links all start from the site root and its live children.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import HttpRequest

from wagtail.models import Page, Site

REQUEST_ATTR = "_program_site_pages"


@dataclass
class SitePages:
    """The site root and its live children in tree order, each as its specific page type."""

    root: Page | None = None
    children: list[Page] = field(default_factory=list)

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


def site_pages(request: HttpRequest | None) -> SitePages:
    """The request's site root and its live children, fetched once per request."""
    if request is None:
        return SitePages()
    cached = getattr(request, REQUEST_ATTR, None)
    if cached is not None:
        return cached

    result = SitePages()
    site = Site.find_for_request(request)
    if site is not None:
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
    setattr(request, REQUEST_ATTR, result)
    return result
