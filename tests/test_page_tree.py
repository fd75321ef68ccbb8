"""Editors can only build a sensible site: each page type only where it belongs."""

from django.utils.html import escape

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from pages.models import (
    ApplicationProcessPage,
    CareerDevelopmentPage,
    CurriculumPage,
    EquityMissionPage,
    FAQPage,
    GraduatesPage,
    HomePage,
    ResidentsPage,
    StaffDirectoryPage,
    StandardPage,
    WellnessPage,
)

SECTION_PAGES = [
    CurriculumPage,
    EquityMissionPage,
    CareerDevelopmentPage,
    WellnessPage,
    ApplicationProcessPage,
    StaffDirectoryPage,
    FAQPage,
]
# The FAQ is left for editors to write (the program's content states no questions); the rest are seeded.
SEEDED_SECTION_PAGES = [page_type for page_type in SECTION_PAGES if page_type is not FAQPage]


class PageTreeRulesTests(WagtailPageTestCase):
    def setUp(self):
        self.home = HomePage.objects.get()
        # Signed in without the login form: django-axes checks form sign-ins, which this test is not about.
        self.client.force_login(self.create_test_user())

    def test_home_page_sits_only_at_the_top_of_the_tree(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        # The people pages are sections too, made by editors once there are records (tests/test_residents.py).
        self.assertAllowedSubpageTypes(HomePage, {*SECTION_PAGES, ResidentsPage, GraduatesPage, StandardPage})

    def test_section_pages_sit_only_under_the_home_page_and_have_no_children(self):
        for page_type in SECTION_PAGES:
            self.assertAllowedParentPageTypes(page_type, {HomePage})
            self.assertAllowedSubpageTypes(page_type, set())

    def test_standard_pages_nest_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_a_second_home_or_section_page_cannot_be_created(self):
        root = Page.get_first_root_node()
        assert not HomePage.can_create_at(root)
        for page_type in SEEDED_SECTION_PAGES:
            assert not page_type.can_create_at(self.home), page_type

    def test_standard_page_can_be_created_through_the_admin(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Life in Boston",
                    "slug": "life-in-boston",
                    "intro": rich_text("<p>Where residents live and what they do off duty.</p>"),
                    "body": streamfield([("heading", {"text": "Housing", "level": "h2"})]),
                }
            ),
        )
        page = StandardPage.objects.get(slug="life-in-boston")
        assert page.get_parent().specific == self.home
        assert page.body[0].value["text"] == "Housing"

    def test_every_seeded_page_is_renderable(self):
        for page in self.home.get_descendants(inclusive=True).specific():
            self.assertPageIsRenderable(page)


@pytest.mark.django_db
@pytest.mark.parametrize("model", [HomePage, *SEEDED_SECTION_PAGES])
def test_admin_edit_view_loads_for_every_seeded_page(admin, model):
    page = model.objects.get()

    response = admin.get(f"/admin/pages/{page.pk}/edit/")

    assert response.status_code == 200
    assert escape(page.title) in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("model", SEEDED_SECTION_PAGES)
def test_admin_add_view_loads_for_each_section_type_once_its_page_is_gone(admin, home, model):
    model.objects.get().delete()

    response = admin.get(f"/admin/pages/add/pages/{model._meta.model_name}/{home.pk}/")

    assert response.status_code == 200


@pytest.mark.django_db
def test_admin_add_view_loads_for_standard_pages(admin, home):
    assert admin.get(f"/admin/pages/add/pages/standardpage/{home.pk}/").status_code == 200


@pytest.mark.django_db
def test_admin_add_view_refuses_a_second_application_page(admin, home):
    response = admin.get(f"/admin/pages/add/pages/applicationprocesspage/{home.pk}/")

    assert response.status_code in (302, 403)
    assert ApplicationProcessPage.objects.count() == 1
