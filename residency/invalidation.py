"""What each kind of change shows on, and the one way to forget it: the page cache and any front cache.

Each `*_changed` function returns the site-relative paths a change appears on, or ALL. `invalidate`
gives those paths new page cache tokens and, when a front cache is configured
(settings.WAGTAILFRONTENDCACHE), purges the same addresses from it once the change is committed.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from wagtail.models import Page, Site

from . import page_cache

logger = logging.getLogger(__name__)

ALL = "ALL"


def listing_paths():
    """Addresses that list pages and staff besides the pages themselves."""
    return {reverse("sitemap"), reverse("search:search")}


def site_paths(url_path):
    """The site-relative addresses a page with this url_path is served at ("/home/apply/" -> {"/apply/"})."""
    return {
        "/" + url_path[len(root.root_path) :]
        for root in Site.get_site_root_paths()
        if url_path.startswith(root.root_path)
    }


def with_ancestors(path):
    """The path and every section above it: "/a/b/" -> {"/", "/a/", "/a/b/"} (breadcrumbs and listings)."""
    parts = [part for part in path.split("/") if part]
    return {"/" + "".join(f"{part}/" for part in parts[:depth]) for depth in range(len(parts) + 1)}


def shown_everywhere(page, paths):
    """The overview and its sections are in every page's menu and footer; the Apply page's facts are beside
    every page."""
    from pages.models import ApplicationProcessPage

    return any(path.count("/") <= 2 for path in paths) or issubclass(page.specific_class, ApplicationProcessPage)


def page_tree_paths(page, url_path):
    """A page at url_path, its sections above and its subpages below, or ALL when it shows on every page."""
    paths = site_paths(url_path)
    if not paths:
        return set()  # Outside every site: not served anywhere.
    if shown_everywhere(page, paths):
        return ALL
    result = set().union(*(with_ancestors(path) for path in paths))
    for descendant in Page.objects.descendant_of(page).values_list("url_path", flat=True):
        result |= site_paths(url_path + descendant[len(page.url_path) :])
    return result | listing_paths()


def page_changed(page):
    """A page published (by an editor or at its scheduled go-live), unpublished or deleted."""
    return page_tree_paths(page, page.url_path)


def page_moved(page, url_path_before):
    """A page moved or renamed: where it was and where it is now."""
    before = page_tree_paths(page, url_path_before)
    after = page_tree_paths(page, page.url_path)
    return ALL if ALL in (before, after) else before | after


def staff_changed(member):
    """A staff record published, unpublished, reordered or deleted: the directory, the welcome letter it signs,
    the Wellness page it leads, search, and every page when the person is the application contact beside every
    page."""
    from pages.models import ApplicationProcessPage, HomePage, StaffDirectoryPage, WellnessPage

    if ApplicationProcessPage.objects.live().filter(application_contact_id=member.pk).exists():
        return ALL
    directories = StaffDirectoryPage.objects.live().values_list("url_path", flat=True)
    letters = HomePage.objects.live().filter(signatories__staff_member_id=member.pk).values_list("url_path", flat=True)
    wellness = WellnessPage.objects.live().filter(wellness_lead_id=member.pk).values_list("url_path", flat=True)
    paths = {reverse("search:search")}
    for url_path in [*directories, *letters, *wellness]:
        paths |= site_paths(url_path)
    return paths


def live_paths(*models):
    """The site-relative addresses of every live page of these types."""
    paths = set()
    for model in models:
        for url_path in model.objects.live().values_list("url_path", flat=True):
            paths |= site_paths(url_path)
    return paths


def resident_changed(resident):
    """A resident published, unpublished, advanced a year or deleted: the residents' page."""
    from pages.models import ResidentsPage

    return live_paths(ResidentsPage)


def alumnus_changed(alumnus):
    """An alumnus published, unpublished or deleted: the graduates' page, and the "where graduates went" fact
    on the overview and the Apply page."""
    from pages.models import ApplicationProcessPage, GraduatesPage, HomePage

    return live_paths(GraduatesPage, HomePage, ApplicationProcessPage)


def settings_changed(setting):
    """Contact details (every footer) or social media defaults (every page's meta tags)."""
    return ALL


def image_changed(image):
    """An image's file or description (its alt text) edited: it may show on any page."""
    return ALL


def redirect_changed(redirect):
    """A redirect added, edited or removed: its old address, with and without the trailing slash."""
    path = redirect.old_path.split("?", 1)[0]
    return {path, path.rstrip("/") + "/"}


# Acting on it -------------------------------------------------------------------------------------


def invalidate(change):
    """Forget what a change shows on (a set of paths, or ALL): now, and again when the change is committed,
    so that a page rendered from the old data in between cannot outlive the transaction."""
    if change != ALL and not change:
        return
    bump(change)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # One publish sends several signals; the front cache gets one purge per transaction.
        for _, callback, _ in connection.run_on_commit:
            if isinstance(callback, AfterCommit) and not callback.done:
                callback.changes.append(change)
                return
    transaction.on_commit(AfterCommit([change]))


class AfterCommit:
    """The changes of one transaction, bumped again and purged from the front cache once it commits."""

    def __init__(self, changes):
        self.changes = changes
        self.done = False

    def __call__(self):
        self.done = True
        after_commit(ALL if ALL in self.changes else set().union(*self.changes))


def bump(change):
    try:
        if change == ALL:
            page_cache.invalidate_all()
        else:
            page_cache.invalidate_paths(change)
    except Exception:  # A cache fault must not stop an editor's publish; entries expire on their own.
        logger.exception("Could not invalidate the page cache for %s.", change)


def after_commit(change):
    bump(change)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache(sorted(front_cache_urls(change)))


def front_cache_urls(change):
    """Absolute addresses to purge: every live page's and the listings' for ALL, else the paths on every site."""
    root_urls = {root.root_url for root in Site.get_site_root_paths()}
    if change == ALL:
        urls = {url for url in (page.get_full_url() for page in Page.objects.live().exclude(depth=1)) if url}
        extra = listing_paths() | {reverse("key_dates_ics")}
        return urls | {root_url + path for root_url in root_urls for path in extra}
    return {root_url + path for root_url in root_urls for path in change}
