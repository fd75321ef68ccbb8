"""Every kind of edit is visible to the next anonymous visitor, while pages it does not show on stay cached."""

import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.management import call_command

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

import pytest

from pages.models import StandardPage
from residency import checks, invalidation
from tests.conftest import SEEDED_PATHS, text, visit, warm

BOSTON = ZoneInfo("America/New_York")


@pytest.fixture
def about(home):
    """A page under the overview, with a subpage two levels down: only the latter shows on few pages."""
    about = home.add_child(instance=StandardPage(title="About Boston", slug="about"))
    visiting = about.add_child(instance=StandardPage(title="Visiting", slug="visiting", listing_summary="Come by."))
    return about, visiting


def edit_page(admin, page, **changes):
    url = f"/admin/pages/{page.pk}/edit/"
    data = querydict_from_html(admin.get(url).content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")  # the empty StreamField's count, which the editor's scripts would add
    data.update(changes)
    data["action-publish"] = "action-publish"
    response = admin.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def edit_staff(admin, member, **changes):
    url = f"/admin/snippets/staff/staffmember/edit/{member.pk}/"
    data = querydict_from_html(admin.get(url).content.decode(), form_id="w-editor-form")
    data["active"] = "on"  # the form's switch, as the browser submits it
    data.update(changes)
    data["action-publish"] = "action-publish"
    response = admin.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


# Pages --------------------------------------------------------------------------------------------


def test_subpage_published_in_the_admin_shows_at_once_and_leaves_other_pages_cached(admin, about):
    _, visiting = about
    warm("/about/visiting/", "/about/", "/apply/", "/curriculum/")

    edit_page(admin, visiting, listing_summary="Open house every Friday.")

    assert "Open house every Friday." in text("/about/visiting/")
    assert visit("/about/")["X-Cache"] == "miss"  # its section lists it
    assert visit("/apply/")["X-Cache"] == "hit"
    assert visit("/curriculum/")["X-Cache"] == "hit"


def test_section_page_published_shows_on_every_page(site, curriculum):
    warm(*SEEDED_PATHS)

    curriculum.nav_title = "Training"
    curriculum.save_revision().publish()

    for path in SEEDED_PATHS:
        assert ">Training</a>" in text(path), path  # the main menu


def test_apply_page_published_through_the_api_changes_every_pages_facts(site, apply_page):
    warm("/", "/curriculum/")
    apply_page.nrmp_code = "1261140C0"
    apply_page.save_revision().publish()

    assert "1261140C0" in text("/curriculum/")
    assert "1261140C0" in text("/")


def test_subpage_unpublished_in_the_admin_is_gone_at_once(admin, about):
    _, visiting = about
    warm("/about/visiting/", "/apply/")

    response = admin.post(f"/admin/pages/{visiting.pk}/unpublish/")
    assert response.status_code == 302

    assert visit("/about/visiting/").status_code == 404
    assert visit("/apply/")["X-Cache"] == "hit"


def test_subpage_deleted_in_the_admin_is_gone_at_once(admin, about):
    _, visiting = about
    warm("/about/visiting/", "/apply/")

    response = admin.post(f"/admin/pages/{visiting.pk}/delete/")
    assert response.status_code == 302
    assert not Page.objects.filter(pk=visiting.pk).exists()

    assert visit("/about/visiting/").status_code == 404
    assert visit("/apply/")["X-Cache"] == "hit"


def test_subpage_moved_leaves_its_old_address_and_appears_at_the_new(admin, home, about):
    about_page, visiting = about
    other = home.add_child(instance=StandardPage(title="Life in Boston", slug="life"))
    warm("/about/visiting/", "/about/", "/life/", "/apply/")

    response = admin.post(f"/admin/pages/{visiting.pk}/move/{other.pk}/confirm/")
    assert response.status_code == 302

    assert visit("/about/visiting/").status_code != 200
    assert "Visiting" in text("/life/visiting/")
    assert visit("/about/")["X-Cache"] == "miss"
    assert visit("/apply/")["X-Cache"] == "hit"


def test_scheduled_revision_goes_live_for_visitors_at_its_time(site, about):
    _, visiting = about
    visiting.save_revision().publish()
    visiting.refresh_from_db()
    visiting.listing_summary = "From July: a new walking tour."
    visiting.go_live_at = datetime(2031, 7, 1, 8, 0, tzinfo=BOSTON)
    visiting.save_revision().publish()
    warm("/about/visiting/", "/apply/")
    assert "From July" not in text("/about/visiting/")

    with mock.patch("django.utils.timezone.now", return_value=datetime(2031, 7, 1, 8, 1, tzinfo=BOSTON)):
        call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert "From July: a new walking tour." in text("/about/visiting/")
    assert visit("/apply/")["X-Cache"] == "hit"


# Staff --------------------------------------------------------------------------------------------


def test_staff_record_published_shows_in_the_directory_and_leaves_section_pages_cached(admin, staff):
    member = staff["kler"]
    warm("/faculty-and-staff/", "/curriculum/", "/")

    edit_staff(admin, member, title="Director of Walking Tours")

    assert "Director of Walking Tours" in text("/faculty-and-staff/")
    assert visit("/curriculum/")["X-Cache"] == "hit"
    assert visit("/")["X-Cache"] == "hit"  # not a signatory of the welcome letter


def test_signatory_published_shows_in_the_welcome_letter(admin, staff):
    member = staff["kormos"]
    warm("/", "/curriculum/")

    edit_staff(admin, member, title="Founding Director")

    assert "Founding Director" in text("/")
    assert visit("/curriculum/")["X-Cache"] == "hit"


def test_staff_record_unpublished_leaves_the_directory_at_once(admin, staff):
    member = staff["kler"]
    warm("/faculty-and-staff/", "/curriculum/")
    assert member.name in text("/faculty-and-staff/")

    response = admin.post(f"/admin/snippets/staff/staffmember/unpublish/{member.pk}/")
    assert response.status_code == 302

    assert member.name not in text("/faculty-and-staff/")
    assert visit("/curriculum/")["X-Cache"] == "hit"


def test_staff_reordered_in_the_admin_reorders_the_directory(admin, staff):
    from django.db.models import Count

    from staff.models import StaffMember

    largest = StaffMember.objects.values("category").annotate(n=Count("pk")).order_by("-n")[0]["category"]
    members = list(StaffMember.objects.filter(category=largest).order_by("sort_order"))
    assert len(members) > 1
    last = members[-1]
    warm("/faculty-and-staff/", "/curriculum/")

    response = admin.post(f"/admin/snippets/staff/staffmember/reorder/{last.pk}/?position=0")
    assert response.status_code == 200

    html = text("/faculty-and-staff/")
    assert html.index(last.name) < html.index(members[0].name)
    assert visit("/curriculum/")["X-Cache"] == "hit"


def test_application_contact_published_shows_beside_every_page(admin, apply_page, staff):
    member = staff["kler"]
    apply_page.application_contact = member
    apply_page.save_revision().publish()
    warm("/curriculum/", "/apply/")

    edit_staff(admin, member, name="Sarah Kler-Nguyen")

    assert "Sarah Kler-Nguyen" in text("/curriculum/")
    assert "Sarah Kler-Nguyen" in text("/apply/")


def test_image_edit_is_not_served_from_old_pages(site, staff):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    photo = Image.objects.create(title="Portrait", file=get_test_image_file(), description="A portrait")
    staff["kler"].photo = photo
    staff["kler"].save()
    warm("/faculty-and-staff/")

    photo.description = "A portrait in the clinic"
    photo.save()

    assert visit("/faculty-and-staff/")["X-Cache"] == "miss"


# Settings and redirects ---------------------------------------------------------------------------


def test_contact_settings_saved_in_the_admin_show_in_every_footer(admin, site):
    warm(*SEEDED_PATHS)
    url = f"/admin/settings/pages/contactsettings/{site.pk}/"
    data = querydict_from_html(admin.get(url).content.decode(), form_id="w-editor-form")
    data["phone"] = "617-643-0000"

    assert admin.post(url, data).status_code == 302

    for path in SEEDED_PATHS:
        assert 'href="tel:+16176430000"' in text(path), path


def test_redirect_change_forgets_its_old_address_only(site):
    warm("/curriculum/", "/apply/")
    assert invalidation.redirect_changed(Redirect(old_path="/curriculum")) == {"/curriculum", "/curriculum/"}

    Redirect.objects.create(old_path="/curriculum", redirect_link="/apply/")

    assert visit("/curriculum/")["X-Cache"] == "miss"
    assert visit("/apply/")["X-Cache"] == "hit"


def test_cache_tokens_are_shared_state_not_per_process(site):
    """Invalidation writes tokens to the cache itself, so every instance sharing Redis sees it."""
    from django.core.cache import cache

    from residency import page_cache

    warm("/apply/")
    before = cache.get(page_cache.path_key("/apply/"))
    invalidation.invalidate({"/apply/"})
    assert cache.get(page_cache.path_key("/apply/")) != before
    assert visit("/apply/")["X-Cache"] == "miss"


# Front cache --------------------------------------------------------------------------------------


class PurgeRecorder(BaseHTTPRequestHandler):
    received = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.received.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def front_cache(settings):
    """A local HTTP cache stand-in on a free port of 8300-8399, recording the PURGE requests it receives."""
    server = None
    for port in range(8380, 8400):
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), PurgeRecorder)
            break
        except OSError:
            continue
    assert server is not None, "no free port in 8380-8399"
    PurgeRecorder.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "local": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield PurgeRecorder.received
    server.shutdown()
    server.server_close()


def test_subpage_publish_purges_exactly_its_addresses_from_the_front_cache(
    home, front_cache, django_capture_on_commit_callbacks
):
    site = home.get_site()
    host = site.hostname if site.port == 80 else f"{site.hostname}:{site.port}"
    with django_capture_on_commit_callbacks(execute=True):  # the set-up's own transaction, committed first
        about = home.add_child(instance=StandardPage(title="About Boston", slug="about"))
        visiting = about.add_child(instance=StandardPage(title="Visiting", slug="visiting"))
    front_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        visiting.listing_summary = "Changed."
        visiting.save_revision().publish()

    assert sorted(front_cache) == sorted(
        (host, path) for path in ["/", "/about/", "/about/visiting/", "/search/", "/sitemap.xml"]
    )


def test_settings_save_purges_every_live_page_from_the_front_cache(
    admin, site, front_cache, django_capture_on_commit_callbacks
):
    url = f"/admin/settings/pages/contactsettings/{site.pk}/"
    data = querydict_from_html(admin.get(url).content.decode(), form_id="w-editor-form")
    data["phone"] = "617-643-0000"
    front_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(url, data).status_code == 302

    purged = {path for _, path in front_cache}
    assert purged == {*SEEDED_PATHS, "/search/", "/sitemap.xml", "/key-dates.ics"}


def test_redirect_added_in_the_admin_purges_its_old_address(
    admin, site, front_cache, django_capture_on_commit_callbacks
):
    front_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/admin/redirects/add/",
            {
                "old_path": "/old-apply",
                "site": "",
                "is_permanent": "on",
                "redirect_link": "https://www.massgeneral.org/",
            },
        )
    assert response.status_code == 302
    assert {path for _, path in front_cache} == {"/old-apply", "/old-apply/"}


def test_wagtails_own_front_cache_app_is_refused(settings):
    assert checks.frontend_cache_app_not_installed(None) == []
    # Not through settings: installing the app for real would connect its signal handlers for the rest of the run.
    installed = SimpleNamespace(INSTALLED_APPS=[*settings.INSTALLED_APPS, "wagtail.contrib.frontend_cache"])
    with mock.patch.object(checks, "settings", installed):
        errors = checks.frontend_cache_app_not_installed(None)
    assert [error.id for error in errors] == ["residency.E001"]


# The recruitment pages -----------------------------------------------------------------------------


def test_wellness_lead_published_shows_on_the_wellness_page_only(admin, staff):
    from pages.models import WellnessPage

    member = staff["kler"]
    wellness = WellnessPage.objects.get()
    wellness.wellness_lead = member
    wellness.save_revision().publish()
    warm("/wellness/", "/curriculum/")

    edit_staff(admin, member, title="Wellness Director")

    assert "Wellness Director" in text("/wellness/")
    assert visit("/curriculum/")["X-Cache"] == "hit"


def test_wellness_page_published_shows_on_the_curriculum_that_names_its_retreats(admin, site):
    from pages.models import WellnessPage

    wellness = WellnessPage.objects.get()
    warm("/wellness/", "/curriculum/")

    wellness.items = [("item", {"kind": "retreat", "title": "Winter retreat", "description": "<p>In January.</p>"})]
    wellness.save_revision().publish()

    assert "Winter retreat" in text("/wellness/")
    assert "Winter retreat" in text("/curriculum/")
