"""The site search: live, public pages of this site and live, active staff, with highlighted snippets."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from wagtail.models import Page, Site
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from pages.models import StaffDirectoryPage
from pages.site import site_pages, specific_pages
from staff.models import StaffMember

from .query import SearchText, highlight

RESULTS_PER_PAGE = 10
# Enough for any real question on a site this size; keeps one search cheap.
MAX_RESULTS = 100
# Page fields whose text reads well as a snippet, tried before the rest of the page.
SUMMARY_FIELDS = ("search_description", "listing_summary")


@dataclass
class Result:
    title: str
    url: str
    kind: str
    snippet: str


def searchable_text(obj, first=(), skip=("title",)):
    """The text a search matched in `obj`: its summary fields, then its other indexed fields, in order."""
    texts = [getattr(obj, name, "") or "" for name in first]
    for field in obj.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name not in skip + tuple(first):
            value = field.get_value(obj)
            if isinstance(value, list | tuple):
                texts.extend(str(item) for item in value if item)
            elif value:
                texts.append(str(value))
    return " ".join(texts)


def page_result(page, request, terms):
    return Result(
        title=page.title,
        url=page.get_url(request) or "",
        kind="Page",
        snippet=highlight(searchable_text(page, first=SUMMARY_FIELDS), terms),
    )


def staff_result(member, directory_url, terms):
    text = " ".join(part for part in (member.title, member.bio) if part)
    return Result(
        title=member.display_name,
        url=f"{directory_url}#staff-{member.pk}" if directory_url else "",
        kind="Faculty & Staff",
        snippet=highlight(text, terms),
    )


def find(request, site, query):
    """Live, public pages of the site, then live, active staff, each in order of relevance.

    The matched pages come as their own types: the site's top pages from the cached site pages
    (pages.site), any deeper ones fetched by type.
    """
    root = site.root_page
    matched = list(Page.objects.live().public().descendant_of(root, inclusive=True).search(query)[:MAX_RESULTS])
    known = {page.pk: page for page in site_pages(request).by_path.values()}
    fetched = {
        page.pk: page
        for page in specific_pages((page.pk, page.content_type_id) for page in matched if page.pk not in known)
    }
    pages = [known.get(page.pk) or fetched.get(page.pk) for page in matched]
    # Results show no photos: none of the listing's photo prefetching.
    public_staff = StaffMember.public().select_related(None).prefetch_related(None)
    staff = get_search_backend().search(query, public_staff)[:MAX_RESULTS]
    return [*(page for page in pages if page is not None), *staff]


def search(request):
    search_text = SearchText.from_input(request.GET.get("q", ""))
    query = search_text.to_query()
    site = Site.find_for_request(request)
    found = find(request, site, query) if query is not None and site is not None else []

    paginator = Paginator(found, RESULTS_PER_PAGE)
    # get_page() turns a missing or malformed number into page 1 and a number past the end into the last page.
    results_page = paginator.get_page(request.GET.get("page"))

    directory = StaffDirectoryPage.for_request(request)
    directory_url = directory.get_url(request) if directory else ""
    terms = search_text.terms
    results = [
        staff_result(item, directory_url, terms) if isinstance(item, StaffMember) else page_result(item, request, terms)
        for item in results_page.object_list
    ]

    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": search_text.text,
            "query_truncated": search_text.truncated,
            "searched": bool(search_text.text),
            "results": results,
            "results_page": results_page,
            "paginator": paginator,
        },
    )
