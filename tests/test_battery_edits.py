"""The battery: two editors change one page from the same starting version; neither loses work unknowingly."""

from django.test import Client

from wagtail.test.utils.form_data import querydict_from_html

import pytest
from bs4 import BeautifulSoup

from pages.forms import ProgramPageForm
from staff.forms import RecordForm
from tests.conftest import edit_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors(django_user_model, site):
    clients = []
    for name in ("ana", "ben"):
        user = django_user_model.objects.create_superuser(name, f"{name}@example.org", "a-long-test-password")
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def opened(client, page):
    """The editor as loaded in the browser: the revision it starts from, as the form's hidden fields say."""
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    return {name: form.find("input", attrs={"name": name})["value"] for name in LOADED}


LOADED = ("loaded_revision_id", "loaded_revision_created_at")


def save(client, page, base, action="action-save", **changes):
    url, data = edit_form(client, page, **changes)
    data.update(base)
    data[action] = action
    return client.post(url, data)


def test_the_second_save_from_the_same_version_is_refused_and_keeps_both(editors, apply_page):
    ana, ben = editors
    ana_base, ben_base = opened(ana, apply_page), opened(ben, apply_page)
    assert save(ana, apply_page, ana_base, title="Apply (Ana's version)").status_code == 302

    response = save(ben, apply_page, ben_base, title="Apply (Ben's version)")

    assert response.status_code == 200
    html = response.content.decode()
    assert ProgramPageForm.OUT_OF_DATE in html
    # Ben's input is still in his form, unsaved; Ana's revision is the latest.
    page = BeautifulSoup(html, "html.parser")
    assert page.find("input", attrs={"name": "title"})["value"] == "Apply (Ben's version)"
    apply_page.refresh_from_db()
    assert apply_page.get_latest_revision_as_object().title == "Apply (Ana's version)"


def test_a_stale_publish_is_refused_and_the_live_page_keeps_the_first_publish(editors, client, apply_page):
    ana, ben = editors
    ana_base, ben_base = opened(ana, apply_page), opened(ben, apply_page)
    assert save(ana, apply_page, ana_base, "action-publish", listing_summary="Summary by Ana").status_code == 302

    response = save(ben, apply_page, ben_base, "action-publish", listing_summary="Summary by Ben")

    assert response.status_code == 200
    assert ProgramPageForm.OUT_OF_DATE in response.content.decode()
    live = client.get("/").content.decode()
    assert "Summary by Ana" in live
    assert "Summary by Ben" not in live


def test_saving_again_after_the_warning_replaces_the_other_version_on_purpose(editors, apply_page):
    ana, ben = editors
    ana_base, ben_base = opened(ana, apply_page), opened(ben, apply_page)
    save(ana, apply_page, ana_base, title="Apply (Ana's version)")
    warned = save(ben, apply_page, ben_base, title="Apply (Ben's version)")
    form = BeautifulSoup(warned.content, "html.parser").find("form", id="page-edit-form")
    # The form Ben was shown names the version he has now seen.
    seen = {name: form.find("input", attrs={"name": name})["value"] for name in LOADED}

    response = save(ben, apply_page, seen, title="Apply (Ben's version)")

    assert response.status_code == 302
    apply_page.refresh_from_db()
    assert apply_page.get_latest_revision_as_object().title == "Apply (Ben's version)"
    # Ana's version is kept in the history.
    assert apply_page.revisions.filter(content__title="Apply (Ana's version)").exists()


def test_one_editor_saving_twice_in_a_row_is_never_warned(editors, apply_page):
    ana, _ben = editors
    assert save(ana, apply_page, opened(ana, apply_page), title="Apply, first save").status_code == 302

    response = save(ana, apply_page, opened(ana, apply_page), title="Apply, second save")

    assert response.status_code == 302
    apply_page.refresh_from_db()
    assert apply_page.get_latest_revision_as_object().title == "Apply, second save"


STAFF_EDIT = "/admin/snippets/staff/staffmember/edit/{pk}/"


def opened_record(client, member):
    """The staff record's form as a browser would send it, and the revision it was opened on."""
    html = client.get(STAFF_EDIT.format(pk=member.pk)).content.decode()
    data = querydict_from_html(html, form_id="w-editor-form")
    for checkbox in BeautifulSoup(html, "html.parser").select("#w-editor-form input[type=checkbox][checked]"):
        if "value" not in checkbox.attrs:
            data[checkbox["name"]] = "on"
    return data


def test_the_second_save_of_a_staff_record_from_the_same_version_is_refused(editors, staff):
    ana, ben = editors
    member = staff["ricci"]
    member.save_revision()  # The record has a revision to start from, as every edited record does.
    ana_form, ben_form = opened_record(ana, member), opened_record(ben, member)
    ana_form["title"], ana_form["action-save"] = "Title by Ana", "1"
    assert ana.post(STAFF_EDIT.format(pk=member.pk), ana_form).status_code == 302

    ben_form["title"], ben_form["action-save"] = "Title by Ben", "1"
    response = ben.post(STAFF_EDIT.format(pk=member.pk), ben_form)

    assert response.status_code == 200
    assert RecordForm.OUT_OF_DATE in response.content.decode()
    member.refresh_from_db()
    assert member.latest_revision.as_object().title == "Title by Ana"


def autosave(client, url, data):
    """The editor's autosave, as Wagtail's script sends it: the form as it stands, answered in JSON."""
    response = client.post(url, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["success"] is True, response.json()
    return response.json()["revision_id"]


def test_an_editors_own_autosave_before_publishing_is_no_conflict(editors, client, apply_page):
    ana, _ben = editors
    base = opened(ana, apply_page)
    url, data = edit_form(ana, apply_page, listing_summary="Summary typed by Ana")
    data.update(base)
    autosaved = autosave(ana, url, data)
    assert autosaved != int(base["loaded_revision_id"])  # the autosave made a newer revision

    # Publishing from the same form, which still names the revision it was opened on, goes through.
    response = save(ana, apply_page, base, "action-publish", listing_summary="Summary published by Ana")

    assert response.status_code == 302
    assert "Summary published by Ana" in client.get("/").content.decode()


def test_another_editors_autosave_is_a_conflict(editors, apply_page):
    ana, ben = editors
    ana_base, ben_base = opened(ana, apply_page), opened(ben, apply_page)
    url, data = edit_form(ana, apply_page, listing_summary="Summary typed by Ana")
    data.update(ana_base)
    autosave(ana, url, data)

    response = save(ben, apply_page, ben_base, "action-publish", listing_summary="Summary by Ben")

    assert response.status_code == 200
    assert ProgramPageForm.OUT_OF_DATE in response.content.decode()


def test_a_staff_record_saved_after_the_editors_own_autosave_is_no_conflict(editors, staff):
    ana, _ben = editors
    member = staff["ricci"]
    member.save_revision()
    form = opened_record(ana, member)
    form["title"] = "Title typed by Ana"
    autosave(ana, STAFF_EDIT.format(pk=member.pk), form)

    form["title"], form["action-save"] = "Title saved by Ana", "1"
    response = ana.post(STAFF_EDIT.format(pk=member.pk), form)

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.latest_revision.as_object().title == "Title saved by Ana"
