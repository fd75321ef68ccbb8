"""Views outside the page tree: the key dates as an iCalendar feed."""

from urllib.parse import urlsplit

from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from . import key_dates
from .models import ApplicationProcessPage
from .site import site_pages


# GET and HEAD: calendar clients and monitors check the feed with HEAD.
@require_safe
@cache_control(public=True, max_age=3600)
def key_dates_ics(request):
    """The live Apply page's key dates, the deadline included, for calendar apps to subscribe to."""
    page = ApplicationProcessPage.for_request(request)
    if page is None or page.get_view_restrictions().exists():
        raise Http404("No application page is published.")
    home = site_pages(request).root
    program_name = home.title if home else page.title
    page_url = page.get_full_url(request)
    domain = urlsplit(page_url).hostname or request.get_host()
    response = HttpResponse(
        key_dates.calendar(page, program_name, page_url, domain), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="key-dates.ics"'
    return response
