"""Whole public pages kept in Django's cache for anonymous visitors, invalidated exactly on change.

The middleware sits before the session middleware, so a hit is answered without touching the
session, the user or the CSRF machinery. Entries are keyed by a site-wide generation token and a
per-path version token: invalidating a path (or everything) writes a new token, which every
instance sharing the cache sees at once, and the old entries simply expire.
"""

import hashlib
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response

logger = logging.getLogger(__name__)

# Marketing links add these; the page is the same without them.
TRACKING_PARAMS = frozenset(
    {"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "gclid", "fbclid", "mc_cid", "mc_eid"}
)
# Public, anonymous-identical views whose responses may be kept: Wagtail pages, the sitemap, the calendar feed.
CACHED_VIEWS = frozenset({"wagtail_serve", "sitemap", "key_dates_ics"})
# Cookies that mean the visitor may see something personal (the admin's session, a flashed message).
PERSONAL_COOKIES = ("messages",)
# Cache-Control directives that say a response must not be shared.
UNSHAREABLE = ("private", "no-store", "no-cache")

GENERATION_KEY = "pagecache:generation"
DEADLINES_KEY = "pagecache:deadlines:{generation}"


def path_key(path):
    return "pagecache:path:" + hashlib.sha256(path.encode()).hexdigest()


def new_token():
    return secrets.token_hex(8)


# Invalidation -------------------------------------------------------------------------------------


def invalidate_paths(paths):
    """Give each path a new version token: its cached pages are never read again."""
    cache.set_many({path_key(path): new_token() for path in paths}, timeout=None)


def invalidate_all():
    """Start a new generation: every cached page is left behind."""
    cache.set(GENERATION_KEY, new_token(), timeout=None)


# Lookup -------------------------------------------------------------------------------------------


def tokens(path):
    """(generation, path version) in one round trip, creating missing tokens; None if the cache keeps none."""
    keys = [GENERATION_KEY, path_key(path)]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            # add, not set: two instances creating the same token at once agree on the first one written.
            cache.add(key, new_token(), timeout=None)
        found.update(cache.get_many(missing))
    generation, version = found.get(GENERATION_KEY), found.get(path_key(path))
    # None when the cache cannot keep a token (it is down): nothing can be cached then.
    return (generation, version) if generation and version else None


def entry_key(generation, version, request):
    # The scheme too: a page's canonical and sharing URLs say https behind the TLS proxy, http otherwise.
    place = hashlib.sha256(f"{request.scheme}://{request.get_host()}{request.path}".encode()).hexdigest()
    return f"pagecache:page:{generation}:{version}:{place}"


def bypass_request(request):
    """True when this request must be answered fresh and its response not kept."""
    if request.method not in ("GET", "HEAD"):
        return True
    # Wagtail's previews (and other admin renderings) run the middleware on a made-up request for the page's address.
    if getattr(request, "is_dummy", False):
        return True
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or any(name in cookies for name in PERSONAL_COOKIES):
        return True
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    if any(name not in TRACKING_PARAMS for name in request.GET):
        return True
    # A Host outside ALLOWED_HOSTS is answered 400 by Django further on: nothing to look up or keep.
    try:
        request.get_host()
    except DisallowedHost:
        return True
    return False


def shareable_response(request, response):
    """True when the response is the same for every anonymous visitor and may be kept."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in CACHED_VIEWS:
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # The page asked for a CSRF token: it holds a form tied to this visitor.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "is_preview", False):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(directive in cache_control for directive in UNSHAREABLE):
        return False
    # Vary: Cookie comes from reading an empty session; only cookie-less requests are ever served from here.
    vary = {item.strip().lower() for item in response.get("Vary", "").split(",") if item.strip()}
    return vary <= {"cookie"}


# Time-dependent content ---------------------------------------------------------------------------


def next_state_change(generation, now):
    """When the Apply page's deadline state next changes (every page shows it), or None."""
    from pages.models import ApplicationProcessPage

    key = DEADLINES_KEY.format(generation=generation)
    deadlines = cache.get(key)
    if deadlines is None:
        # A publish of an Apply page starts a new generation, so this list is re-read after every change.
        deadlines = list(ApplicationProcessPage.objects.live().values_list("application_deadline", flat=True))
        cache.set(key, deadlines, timeout=settings.PAGE_CACHE_SECONDS)
    moments = [
        ApplicationProcessPage(application_deadline=deadline).deadline_state_changes_at(now) for deadline in deadlines
    ]
    moments = [moment for moment in moments if moment is not None]
    return min(moments, default=None)


# Headers ------------------------------------------------------------------------------------------


def etag_for(content):
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def cache_control(lifetime):
    """Browsers revalidate every time (a 304 is cheap); a purged front cache may keep the page."""
    value = "public, max-age=0, must-revalidate"
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        value += f", s-maxage={lifetime}"
    return value


def conditional(request, response, outcome):
    """The response, or a 304 when the client already holds this version; either way saying what the cache did."""
    response = get_conditional_response(request, etag=response.get("ETag"), response=response)
    response["X-Cache"] = outcome
    return response


def from_entry(request, entry):
    response = HttpResponse(b"" if request.method == "HEAD" else entry["content"], status=200)
    for header, value in entry["headers"]:
        response[header] = value
    return conditional(request, response, "hit")


class PageCacheMiddleware:
    """Serve anonymous GET and HEAD requests for public pages from the cache; see the README, "Page cache"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0:
            return self.get_response(request)
        if bypass_request(request):
            return self.passed(self.get_response(request))

        now = timezone.now()
        try:
            found = tokens(request.path)
            if found is None:
                return self.passed(self.get_response(request))
            generation, version = found
            key = entry_key(generation, version, request)
            entry = cache.get(key)
        except Exception:  # A cache fault must cost speed, never the page.
            logger.warning("Page cache unavailable; serving %s uncached.", request.path, exc_info=True)
            return self.passed(self.get_response(request))

        if entry is not None and (entry["valid_until"] is None or now < entry["valid_until"]):
            return from_entry(request, entry)

        response = self.get_response(request)
        if not shareable_response(request, response):
            return self.passed(response)

        try:
            valid_until = next_state_change(generation, now)
        except Exception:
            logger.warning("Page cache unavailable; serving %s uncached.", request.path, exc_info=True)
            return self.passed(response)
        lifetime = seconds
        if valid_until is not None:
            lifetime = min(seconds, int((valid_until - now).total_seconds()))
        if lifetime < 1:
            return self.passed(response)

        if not response.has_header("ETag"):
            response["ETag"] = etag_for(response.content)
        if not response.has_header("Cache-Control"):  # e.g. the calendar feed says how often to poll
            response["Cache-Control"] = cache_control(lifetime)
        entry = {"content": response.content, "headers": list(response.items()), "valid_until": valid_until}
        try:
            cache.set(key, entry, timeout=lifetime)
        except Exception:
            logger.warning("Page cache unavailable; %s not stored.", request.path, exc_info=True)
        return conditional(request, response, "miss")

    @staticmethod
    def passed(response):
        response["X-Cache"] = "pass"
        return response
