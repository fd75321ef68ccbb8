"""Only superusers take the overview or a section page offline, by whatever admin path.

Each refusal is checked with the public page still answering; the controls show that a superuser
can, and that a program manager still can with a page they added.
"""

from django.test import Client

from wagtail.models import PageViewRestriction

import pytest

from pages.models import StandardPage
from tests.conftest import application_form, client_for, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_page(home, program_manager):
    """A further page the program manager added under the overview and published."""
    page = home.add_child(instance=StandardPage(title="Open house", slug="open-house", owner=program_manager))
    page.save_revision(user=program_manager).publish(user=program_manager)
    return page


def is_public(path):
    return Client().get(path).status_code == 200


def unpublish_url(page):
    return f"/admin/pages/{page.pk}/unpublish/"


def edit_html(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("fixture", ["apply_page", "curriculum", "home"])
def test_the_action_menu_offers_a_program_manager_no_unpublish_on_fixed_pages(request, pm_client, fixture):
    page = request.getfixturevalue(fixture)
    assert unpublish_url(page) not in edit_html(pm_client, page)


def test_the_action_menu_offers_unpublish_to_superusers_and_on_a_program_managers_own_page(
    superuser, pm_client, apply_page, own_page
):
    assert unpublish_url(apply_page) in edit_html(client_for(superuser), apply_page)
    assert unpublish_url(own_page) in edit_html(pm_client, own_page)


def test_the_page_listing_offers_unpublish_only_for_the_program_managers_own_page(
    pm_client, home, apply_page, own_page
):
    listing = pm_client.get(f"/admin/pages/{home.pk}/").content.decode()
    assert unpublish_url(own_page) in listing
    assert unpublish_url(apply_page) not in listing


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_crafted_unpublish_request_is_refused_and_the_apply_page_stays_live(pm_client, apply_page, method):
    response = getattr(pm_client, method)(unpublish_url(apply_page), {"include_descendants": "on"})
    assert refused(response)
    apply_page.refresh_from_db()
    assert apply_page.live
    assert is_public("/apply/")
    assert is_public("/key-dates.ics")


def test_a_program_manager_cannot_unpublish_a_section_page(pm_client, curriculum):
    assert refused(pm_client.post(unpublish_url(curriculum)))
    assert is_public("/curriculum/")


def test_bulk_unpublish_leaves_the_fixed_pages_live(pm_client, apply_page, curriculum, own_page):
    url = f"/admin/bulk/wagtailcore/page/unpublish/?id={apply_page.pk}&id={curriculum.pk}&id={own_page.pk}"
    confirm = pm_client.get(url).content.decode()
    assert "permission to unpublish these pages" in confirm

    pm_client.post(url)

    assert is_public("/apply/")
    assert is_public("/curriculum/")
    own_page.refresh_from_db()
    assert not own_page.live


def test_the_admin_api_refuses_to_unpublish_the_apply_page(pm_client, apply_page):
    response = pm_client.post(
        f"/admin/api/main/pages/{apply_page.pk}/action/unpublish/", content_type="application/json"
    )
    assert response.status_code == 403
    assert is_public("/apply/")


def test_a_program_manager_is_offered_no_expiry_date_on_a_fixed_page(superuser, pm_client, curriculum, own_page):
    assert 'name="expire_at"' not in edit_html(pm_client, curriculum)
    assert 'name="expire_at"' in edit_html(client_for(superuser), curriculum)
    assert 'name="expire_at"' in edit_html(pm_client, own_page)


def test_an_expiry_date_submitted_for_approval_is_ignored(pm_client, apply_page):
    # Approval would publish the submitted revision, expiry date and all.
    url = f"/admin/pages/{apply_page.pk}/edit/"
    data = application_form(apply_page, expire_at="2031-01-01 09:00")
    data["action-submit"] = "action-submit"

    assert pm_client.post(url, data).status_code == 302

    apply_page.refresh_from_db()
    revision = apply_page.get_latest_revision()
    assert revision.user.username == "pm"
    assert revision.content.get("expire_at") is None
    assert apply_page.expire_at is None


def test_a_superuser_sets_an_expiry_date_on_the_apply_page(superuser, apply_page):
    url = f"/admin/pages/{apply_page.pk}/edit/"
    data = application_form(apply_page, expire_at="2031-01-01 09:00")
    data["action-publish"] = "action-publish"

    assert client_for(superuser).post(url, data).status_code == 302

    apply_page.refresh_from_db()
    assert apply_page.expire_at.year == 2031


def test_a_program_manager_cannot_hide_a_section_page_behind_a_login(pm_client, curriculum, own_page):
    url = "/admin/pages/{}/privacy/"
    assert refused(pm_client.post(url.format(curriculum.pk), {"restriction_type": "login"}))
    assert not PageViewRestriction.objects.filter(page=curriculum).exists()
    assert is_public("/curriculum/")

    # Control: the same request restricts a page the program manager added.
    pm_client.post(url.format(own_page.pk), {"restriction_type": "login"})
    assert PageViewRestriction.objects.filter(page=own_page).exists()


def test_a_superuser_can_unpublish_the_apply_page(admin, apply_page):
    assert is_public("/apply/")
    assert admin.post(unpublish_url(apply_page)).status_code == 302
    assert not is_public("/apply/")


def test_a_program_manager_unpublishes_a_page_they_added(pm_client, own_page):
    assert is_public(own_page.url)
    assert pm_client.post(unpublish_url(own_page)).status_code == 302
    assert not is_public(own_page.url)
