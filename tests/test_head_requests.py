"""HEAD is answered wherever GET is (monitors, calendar clients and link checkers send HEAD): the same status
and content type as GET, and no body."""

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest

from pages.models import ApplicationProcessPage
from staff.models import StaffMember
from tests.conftest import PUBLIC_PATHS

pytestmark = pytest.mark.django_db

SITE_PATHS = [
    *PUBLIC_PATHS,
    "/sitemap.xml",
    "/robots.txt",
    "/favicon.ico",
    "/key-dates.ics",
    "/api/v2/pages/",
    "/api/v2/pages/?type=pages.ApplicationProcessPage&fields=application_deadline",
    "/api/v2/images/",
    "/api/v2/staff/",
    "/api/v2/no-such-endpoint/",
]


@pytest.fixture
def document(site):
    document = get_document_model().objects.create(title="Curriculum overview")
    document.file.save("curriculum-overview.txt", ContentFile(b"Ambulatory blocks and continuity clinic."))
    yield document
    document.file.delete(save=False)


def detail_paths(document):
    paths = [
        f"/api/v2/pages/{ApplicationProcessPage.objects.get().pk}/",
        f"/api/v2/staff/{StaffMember.objects.filter(live=True).first().pk}/",
        document.url,
    ]
    image = get_image_model().objects.first()
    if image is not None:
        paths.append(f"/api/v2/images/{image.pk}/")
    return paths


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_head_answers_as_get(client, path):
    get = client.get(path)
    head = client.head(path)

    assert head.status_code == get.status_code, path
    assert head.get("Content-Type") == get.get("Content-Type"), path
    assert body(head) == b"", path
    return get


@pytest.mark.parametrize("path", SITE_PATHS)
def test_head_is_answered_as_get_is(client, site, path):
    get = assert_head_answers_as_get(client, path)

    # Positive control: GET answers with a body (a 302 for the icon's hashed address).
    assert get.status_code in {200, 302, 404}
    assert get.status_code == 302 or body(get) != b""


def test_head_is_answered_for_details_and_documents(client, document):
    paths = detail_paths(document)

    for path in paths:
        get = assert_head_answers_as_get(client, path)
        assert get.status_code == 200, path
        assert body(get) != b"", path
    assert document.url in paths


def test_head_of_a_cached_page_is_answered_from_the_page_cache(client, site, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/apply/")

    head = client.head("/apply/")

    assert head.status_code == 200
    assert head["X-Cache"] == "hit"
    assert head.content == b""
