"""Every public page renders in a small, fixed number of queries, however many staff, pages and photos.

Steady state: the first request warms the caches (the cached site pages, Wagtail's site root
paths, the photos' renditions); the second is counted.
"""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from pages.models import StandardPage
from staff.models import StaffMember
from tests.conftest import PUBLIC_PATHS

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 8


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """The budget is for a render, a page cache miss: a hit makes no query at all (tests/test_page_cache.py)."""
    settings.PAGE_CACHE_SECONDS = 0


def queries_for(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code in (200, 404), path
    return len(queries)


def grow_the_site(home, staff_count, photo_count, page_count):
    """Staff up to `staff_count` (the first `photo_count` photographed) and `page_count` further pages."""
    photos = [
        Image.objects.create(title=f"Portrait {n}", file=get_test_image_file(size=(400, 400), filename=f"p{n}.png"))
        for n in range(photo_count)
    ]
    start = StaffMember.objects.count()
    StaffMember.objects.bulk_create(
        StaffMember(name=f"Person {n}", title="Faculty", category="faculty", live=True, sort_order=100 + n)
        for n in range(start, staff_count)
    )
    for member, photo in zip(StaffMember.objects.order_by("pk"), photos, strict=False):
        member.photo = photo
        member.save()
    for n in range(StandardPage.objects.count(), page_count):
        page = home.add_child(instance=StandardPage(title=f"Further page {n}", slug=f"further-{n}"))
        page.save_revision().publish()


def counts(client):
    return {path: queries_for(client, path) for path in PUBLIC_PATHS}


def test_every_public_page_keeps_to_the_budget_and_does_not_grow_with_the_site(client, home):
    grow_the_site(home, staff_count=5, photo_count=1, page_count=1)
    small = counts(client)

    grow_the_site(home, staff_count=200, photo_count=12, page_count=20)
    assert StaffMember.public().count() == 200
    large = counts(client)

    assert large == small
    assert max(small.values()) <= QUERY_BUDGET, small
    # The counts are real: the directory reads its staff, so it costs more than an empty search page.
    assert small["/faculty-and-staff/"] > small["/search/"]


def test_the_site_pages_come_from_the_cache_and_a_change_rebuilds_them(client, curriculum):
    warm = queries_for(client, "/curriculum/")

    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get("/curriculum/")
    # Menu, settings and related links: several queries on a cold cache, none once warm.
    assert len(cold) >= warm + 5

    curriculum.nav_title = "Curriculum 2031"
    curriculum.save_revision().publish()
    with CaptureQueriesContext(connection) as after_publish:
        response = client.get("/health-equity/")
    assert "Curriculum 2031" in response.content.decode()
    assert len(after_publish) > warm


def test_a_change_is_forgotten_again_when_its_transaction_commits(
    client, curriculum, django_capture_on_commit_callbacks
):
    from pages.site import GENERATION_KEY

    client.get("/curriculum/")
    before = cache.get(GENERATION_KEY)
    with django_capture_on_commit_callbacks() as on_commit:
        curriculum.nav_title = "Curriculum 2031"
        curriculum.save_revision().publish()
        during = cache.get(GENERATION_KEY)
    assert during != before  # forgotten at once, for this process's next request

    for callback in on_commit:
        callback()
    # And again after the commit: what a request built from the not yet committed change's "before" is not kept.
    assert cache.get(GENERATION_KEY) not in (before, during)


def test_the_recruitment_pages_keep_to_the_budget_with_their_data(client, home, apply_page, staff):
    from pages.models import FAQPage, WellnessPage
    from tests.conftest import season_dates, set_eligibility

    faq = FAQPage(title="FAQ", slug="faq", questions=[("question", {"question": "Visas?", "answer": "<p>J-1.</p>"})])
    home.add_child(instance=faq)
    faq.save_revision().publish()
    lead = staff["kler"]
    lead.photo = Image.objects.create(title="Lead", file=get_test_image_file(size=(400, 400), filename="lead.png"))
    lead.save_revision().publish()
    wellness = WellnessPage.objects.get()
    wellness.wellness_lead = lead
    wellness.save_revision().publish()
    set_eligibility(apply_page)
    season_dates(apply_page)

    found = {path: queries_for(client, path) for path in ("/wellness/", "/faq/", "/apply/", "/curriculum/")}

    assert max(found.values()) <= QUERY_BUDGET, found
    # The lead and their portrait are read: the Wellness page costs more than the FAQ.
    assert found["/wellness/"] > found["/faq/"]


PEOPLE_PATHS = ["/residents/", "/where-graduates-went/", "/apply/", "/"]


def grow_the_people(count, photo_count):
    """Residents and alumni up to `count` each, the first `photo_count` residents photographed."""
    from staff.models import Alumnus, Resident

    Resident.objects.bulk_create(
        Resident(name=f"Resident {n}", year=1 + n % 3, hometown="Boston, MA", live=True)
        for n in range(Resident.objects.count(), count)
    )
    Alumnus.objects.bulk_create(
        Alumnus(name=f"Graduate {n}", graduation_year=2000 + n % 30, position_kind="fellowship", live=True)
        for n in range(Alumnus.objects.count(), count)
    )
    for n, resident in enumerate(Resident.objects.order_by("pk")[:photo_count]):
        resident.photo = Image.objects.create(
            title=f"Resident portrait {n}", file=get_test_image_file(size=(400, 400), filename=f"r{n}.png")
        )
        resident.save()


def test_the_people_pages_keep_to_the_budget_and_do_not_grow_with_the_records(client, residents_page, graduates_page):
    from django.core.cache import cache

    grow_the_people(5, photo_count=1)
    cache.clear()  # bulk_create sends no signals; the facts count the alumni when the site's pages are built
    small = {path: queries_for(client, path) for path in PEOPLE_PATHS}

    grow_the_people(200, photo_count=12)
    cache.clear()
    large = {path: queries_for(client, path) for path in PEOPLE_PATHS}

    assert large == small
    assert max(small.values()) <= QUERY_BUDGET, small
    assert "Resident 199" in client.get("/residents/").content.decode()
    assert "Graduate 199" in client.get("/where-graduates-went/").content.decode()
