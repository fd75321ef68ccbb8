"""Findability: sitemap, robots.txt, canonical URLs, titles and descriptions, social cards and redirects."""

from datetime import date
from xml.etree import ElementTree

from wagtail.contrib.redirects.models import Redirect
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import querydict_from_html

import pytest
from bs4 import BeautifulSoup

from pages.models import StandardPage
from pages.settings import SocialMediaSettings
from tests.conftest import SEEDED_PATHS, application_form

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def head_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("head")


def meta(head, key):
    tag = head.find("meta", attrs={"property": key}) or head.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314  (our own response)
    return {
        url.findtext("sm:loc", namespaces=SITEMAP_NS): url.findtext("sm:lastmod", namespaces=SITEMAP_NS)
        for url in root.findall("sm:url", SITEMAP_NS)
    }


def make_image(title="Mass General campus", description="The Mass General main campus on a spring morning"):
    from wagtail.images.models import Image

    return Image.objects.create(
        title=title, description=description, file=get_test_image_file(size=(1400, 900), filename="campus.png")
    )


def test_sitemap_lists_every_live_page_with_its_last_publication_date(client, site):
    from wagtail.models import Page

    entries = sitemap_entries(client)

    pages = Page.objects.live().public().descendant_of(site.root_page, inclusive=True)
    assert set(entries) == {page.full_url for page in pages}
    assert {urlpath.split("localhost", 1)[1] for urlpath in entries} == set(SEEDED_PATHS)
    for page in pages:
        assert date.fromisoformat(entries[page.full_url]) == page.last_published_at.date()


def test_sitemap_leaves_out_draft_unpublished_and_private_pages(client, home):
    draft = StandardPage(title="Draft notes", slug="draft-notes")
    home.add_child(instance=draft)
    draft.save_revision()
    draft.unpublish()
    private = StandardPage(title="Private notes", slug="private-notes")
    home.add_child(instance=private)
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")

    locations = set(sitemap_entries(client))

    assert not any("draft-notes" in location or "private-notes" in location for location in locations)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, site):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_txt_sitemap_url_follows_the_host_and_scheme(client, site):
    response = client.get("/robots.txt", headers={"host": "primarycare.example.org"}, secure=True)

    assert "Sitemap: https://primarycare.example.org/sitemap.xml" in response.content.decode().splitlines()


@pytest.mark.parametrize("path", SEEDED_PATHS)
def test_every_page_has_a_canonical_url_title_description_and_social_cards(client, site, path):
    from wagtail.models import Page

    page = Page.objects.get(url_path=f"/home{path}").specific
    head = head_of(client, path)

    canonical = head.find_all("link", rel="canonical")
    assert [link["href"] for link in canonical] == [page.full_url]
    assert head.find("title").get_text() == f"{page.seo_title or page.title} | MGH Primary Care Program"
    assert meta(head, "description") == page.search_description
    assert meta(head, "og:title") == page.title
    assert meta(head, "og:description") == page.search_description
    assert meta(head, "og:url") == page.full_url
    assert meta(head, "og:type") == "website"
    assert meta(head, "og:site_name") == site.site_name
    assert meta(head, "twitter:card") == "summary"
    assert meta(head, "twitter:title") == page.title
    assert meta(head, "twitter:description") == page.search_description
    # No image anywhere in the seeded site: none is announced.
    assert meta(head, "og:image") is None


def test_seo_title_and_search_description_edited_once_reach_every_head_tag(client, curriculum):
    curriculum.seo_title = "Primary care residency curriculum at Mass General"
    curriculum.search_description = "Ambulatory blocks, continuity clinic and the enhanced curriculum."
    curriculum.save_revision().publish()

    head = head_of(client, "/curriculum/")

    assert (
        head.find("title").get_text() == "Primary care residency curriculum at Mass General | MGH Primary Care Program"
    )
    for key in ("description", "og:description", "twitter:description"):
        assert meta(head, key) == "Ambulatory blocks, continuity clinic and the enhanced curriculum."
    assert meta(head, "og:title") == "Primary care residency curriculum at Mass General"


def test_description_falls_back_to_the_listing_summary(client, curriculum):
    curriculum.search_description = ""
    curriculum.save_revision().publish()

    head = head_of(client, "/curriculum/")

    assert meta(head, "description") == curriculum.listing_summary
    assert meta(head, "og:description") == curriculum.listing_summary


def test_default_share_image_from_site_settings_is_used(client, site):
    image = make_image()
    SocialMediaSettings.objects.update_or_create(site=site, defaults={"default_share_image": image})

    head = head_of(client, "/apply/")

    assert meta(head, "og:image").startswith("http://testserver/")
    assert meta(head, "og:image").endswith(".png")
    assert meta(head, "og:image:width") == "1200"
    assert meta(head, "og:image:height") == "630"
    assert meta(head, "og:image:alt") == "The Mass General main campus on a spring morning"
    assert meta(head, "twitter:card") == "summary_large_image"
    assert meta(head, "twitter:image") == meta(head, "og:image")


def test_page_share_image_overrides_the_default(client, site, apply_page):
    SocialMediaSettings.objects.update_or_create(site=site, defaults={"default_share_image": make_image("Default")})
    apply_page.share_image = make_image("Interview day", description="")
    apply_page.save_revision().publish()

    apply_head = head_of(client, "/apply/")
    other_head = head_of(client, "/curriculum/")

    assert meta(apply_head, "og:image") != meta(other_head, "og:image")
    assert meta(apply_head, "og:image:alt") == "Interview day"


def test_social_media_settings_are_edited_in_the_admin(admin, site):
    image = make_image()
    url = f"/admin/settings/pages/socialmediasettings/{site.pk}/"
    data = querydict_from_html(admin.get(url).content.decode(), form_id="w-editor-form")
    data["default_share_image"] = str(image.pk)

    response = admin.post(url, data)

    assert response.status_code == 302
    assert SocialMediaSettings.for_site(site).default_share_image == image


def test_search_page_is_not_indexed_and_has_no_canonical(client, site):
    head = head_of(client, "/search/?q=primary")

    assert meta(head, "robots") == "noindex"
    assert head.find("link", rel="canonical") is None


def test_redirect_created_in_the_admin_sends_visitors_to_the_page(client, admin, apply_page, site):
    response = admin.post(
        "/admin/redirects/add/",
        {"old_path": "/how-to-apply", "site": site.pk, "is_permanent": "on", "redirect_page": apply_page.pk},
    )
    assert response.status_code == 302

    response = client.get("/how-to-apply/")

    assert response.status_code == 301
    assert response["Location"] == "/apply/"


def test_old_address_of_a_page_whose_slug_changed_in_the_admin_keeps_working(
    client, admin, apply_page, django_capture_on_commit_callbacks
):
    form = application_form(apply_page, slug="application")
    form["action-publish"] = "action-publish"

    # Wagtail creates the redirect once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/admin/pages/{apply_page.pk}/edit/", form)

    assert response.status_code == 302
    assert client.get("/application/").status_code == 200
    old = client.get("/apply/")
    assert old.status_code == 301
    assert old["Location"] == "/application/"
    assert Redirect.objects.get(old_path="/apply").automatically_created
