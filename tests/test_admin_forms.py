"""Bad input in the admin gets a clear form error and changes nothing."""

from wagtail.test.utils.form_data import querydict_from_html

import pytest

from pages.settings import ContactSettings
from tests.conftest import application_form

pytestmark = pytest.mark.django_db


def test_bad_nrmp_code_is_refused_with_an_explanation(admin, apply_page):
    response = admin.post(f"/admin/pages/{apply_page.pk}/edit/", application_form(apply_page, nrmp_code="12345"))

    assert response.status_code == 200
    assert "An NRMP program code is seven digits" in response.content.decode()
    apply_page.refresh_from_db()
    assert apply_page.nrmp_code == "1261140M0"


def test_valid_nrmp_code_and_deadline_are_published_from_the_admin(client, admin, apply_page):
    form = application_form(apply_page, nrmp_code="1261140C0", application_deadline="2031-09-26 23:59")
    form["action-publish"] = "action-publish"

    response = admin.post(f"/admin/pages/{apply_page.pk}/edit/", form)

    assert response.status_code == 302
    page = client.get("/apply/").content.decode()
    assert "1261140C0" in page
    assert "September 26, 2031" in page
    assert "Applications open" in page


def test_contact_settings_refuse_a_bad_zip_code_and_keep_the_rest(admin, site):
    url = f"/admin/settings/pages/contactsettings/{site.pk}/"
    data = querydict_from_html(admin.get(url).content.decode(), form_id="w-editor-form")
    data["postal_code"] = "2114"
    data["phone"] = "617-643-0000"

    response = admin.post(url, data)

    assert response.status_code == 200
    assert "Enter a ZIP code" in response.content.decode()
    assert 'value="617-643-0000"' in response.content.decode()
    assert ContactSettings.for_site(site).phone == "617-643-0669"


def test_contact_settings_changes_show_in_the_footer(client, admin, site):
    url = f"/admin/settings/pages/contactsettings/{site.pk}/"
    data = querydict_from_html(admin.get(url).content.decode(), form_id="w-editor-form")
    data["phone"] = "617-643-0000"

    assert admin.post(url, data).status_code == 302
    assert 'href="tel:+16176430000"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/staff/staffmember/",
        "/admin/snippets/staff/staffmember/add/",
    ],
)
def test_staff_admin_views_load(admin, url):
    assert admin.get(url).status_code == 200


def test_staff_edit_view_loads(admin, staff):
    response = admin.get(f"/admin/snippets/staff/staffmember/edit/{staff['kler'].pk}/")

    assert response.status_code == 200
    assert "Ambulatory Chief Resident" in response.content.decode()
