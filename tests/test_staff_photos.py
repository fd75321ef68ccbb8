"""Staff portraits on the directory: responsive WebP/JPEG renditions with their size stated, lazy below
the top of the page, and no extra database work per photographed person."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest
from bs4 import BeautifulSoup

from staff.models import StaffMember
from staff.photos import PHOTO_SPEC, PHOTO_SPECS

pytestmark = pytest.mark.django_db

DIRECTORY = "/faculty-and-staff/"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    # Every request here renders the page, so its queries are counted.
    settings.PAGE_CACHE_SECONDS = 0


def add_photographed_staff(count, category=StaffMember.Category.FACULTY):
    for number in range(count):
        photo = Image.objects.create(title=f"Portrait {number}", file=get_test_image_file(f"portrait-{number}.png"))
        StaffMember.objects.create(
            name=f"Person Number{number} {category}", title="Faculty", category=category, photo=photo, live=True
        )


def pictures(client):
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("main").find_all("picture")


def test_directory_photo_is_a_picture_with_webp_and_jpeg_renditions_of_stated_size(client, site):
    add_photographed_staff(1)

    (picture,) = pictures(client)
    source = picture.find("source")
    img = picture.find("img")

    assert source["type"] == "image/webp"
    assert [candidate.split()[1] for candidate in source["srcset"].split(", ")] == ["80w", "160w"]
    assert source["sizes"] == "5rem"
    assert img["src"].endswith(".jpg")
    assert [candidate.split()[1] for candidate in img["srcset"].split(", ")] == ["80w", "160w"]
    assert img["sizes"] == "5rem"
    assert (img["width"], img["height"]) == ("80", "80")
    assert img["decoding"] == "async"
    assert img["alt"] == ""
    assert "staff-card__photo" in img["class"]


def test_photos_at_the_top_load_at_once_and_the_rest_lazily(client, site):
    add_photographed_staff(1, StaffMember.Category.PROGRAM_LEADERSHIP)
    add_photographed_staff(1, StaffMember.Category.RESIDENTS)

    top, below = (picture.find("img") for picture in pictures(client))

    assert "loading" not in top.attrs
    assert below["loading"] == "lazy"


def directory_queries(client):
    client.get(DIRECTORY)  # renditions are made on the first view, as on the live site
    with CaptureQueriesContext(connection) as queries:
        shown = len(pictures(client))
    return len(queries), shown


def test_directory_queries_do_not_grow_with_photographed_staff(client, site):
    add_photographed_staff(2)
    queries_with_two, shown_with_two = directory_queries(client)

    add_photographed_staff(8)
    queries_with_ten, shown_with_ten = directory_queries(client)

    # The photos really render (a positive control), yet the count stays the same.
    assert (shown_with_two, shown_with_ten) == (2, 10)
    assert queries_with_ten == queries_with_two


def test_api_and_structured_data_use_a_rendition_the_directory_prefetches(client, site):
    add_photographed_staff(1)
    client.get(DIRECTORY)

    (picture,) = pictures(client)
    api_photo = client.get(f"/api/v2/staff/{StaffMember.objects.get(photo__isnull=False).pk}/").json()["photo"]

    assert PHOTO_SPEC in PHOTO_SPECS
    assert api_photo["url"] in picture.find("img")["srcset"]
