"""The battery: forged admin posts, tampered revision and preview addresses, and what private, draft and
expired pages must never put in front of the public (search, sitemap, API, structured data, the feed)."""

import json
from datetime import timedelta

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction, Revision

import pytest
from bs4 import BeautifulSoup

from pages.models import StandardPage
from staff.models import StaffMember
from tests.conftest import edit_form, facts_panel, refused, submit_new_deadline

pytestmark = pytest.mark.django_db

CSRF_REFUSED = "CSRF verification failed. Request aborted."


@pytest.fixture
def forger(superuser):
    """A signed-in superuser whose browser is made to post from another site: no CSRF token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    return client


def refused_for_csrf(response):
    return response.status_code == 403 and CSRF_REFUSED in response.content.decode()


def test_forged_page_edit_is_refused_and_changes_nothing(forger, apply_page):
    title, revisions = apply_page.title, apply_page.revisions.count()
    url, data = edit_form(forger, apply_page, title="Hijacked")

    assert refused_for_csrf(forger.post(url, data))

    apply_page.refresh_from_db()
    assert apply_page.title == title
    assert apply_page.revisions.count() == revisions


def test_forged_publish_is_refused_and_the_live_page_stays(forger, client, apply_page):
    url, data = edit_form(forger, apply_page, nrmp_code="9999999X0")
    data["action-publish"] = "action-publish"

    assert refused_for_csrf(forger.post(url, data))

    apply_page.refresh_from_db()
    assert apply_page.nrmp_code != "9999999X0"
    assert "9999999X0" not in client.get("/apply/").content.decode()


def test_forged_unpublish_is_refused_and_the_page_stays_live(forger, client, curriculum):
    assert refused_for_csrf(forger.post(f"/admin/pages/{curriculum.pk}/unpublish/"))

    curriculum.refresh_from_db()
    assert curriculum.live
    assert client.get("/curriculum/").status_code == 200


def test_forged_page_delete_is_refused_and_the_page_stays(forger, home):
    page = home.add_child(instance=StandardPage(title="Keep me", slug="keep-me"))

    assert refused_for_csrf(forger.post(f"/admin/pages/{page.pk}/delete/"))

    assert StandardPage.objects.filter(pk=page.pk).exists()


def test_forged_snippet_delete_is_refused_and_the_record_stays(forger, staff):
    member = staff["ricci"]

    assert refused_for_csrf(forger.post(f"/admin/snippets/staff/staffmember/delete/{member.pk}/"))

    assert StaffMember.objects.filter(pk=member.pk).exists()


def test_forged_image_upload_is_refused_and_nothing_is_stored(forger, site):
    from wagtail.images.models import Image

    before = Image.objects.count()
    upload = get_test_image_file(filename="forged.png")

    assert refused_for_csrf(forger.post("/admin/images/multiple/add/", {"files[]": upload}))

    assert Image.objects.count() == before


def test_forged_document_upload_is_refused_and_nothing_is_stored(forger, site):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wagtail.documents.models import Document

    before = Document.objects.count()
    upload = SimpleUploadedFile("forged.pdf", b"%PDF-1.4 forged", content_type="application/pdf")

    assert refused_for_csrf(forger.post("/admin/documents/multiple/add/", {"files[]": upload}))

    assert Document.objects.count() == before


def test_the_same_delete_with_the_token_goes_through(superuser, home):
    """Positive control for the CSRF cases: the real form, token included, works."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    page = home.add_child(instance=StandardPage(title="Remove me", slug="remove-me"))
    html = client.get(f"/admin/pages/{page.pk}/delete/").content.decode()
    token = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]

    response = client.post(f"/admin/pages/{page.pk}/delete/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert not StandardPage.objects.filter(pk=page.pk).exists()


# Tampered addresses: a revision, preview or comparison of one object asked for under another's address.


def draft_of(page, text):
    """A saved, unpublished revision of the page with `text` as its search description."""
    page.search_description = text
    return page.save_revision()


def test_a_revision_of_another_page_is_not_found_under_a_pages_address(admin, curriculum, apply_page):
    secret = draft_of(apply_page, "Draft text of the Apply page")

    response = admin.get(f"/admin/pages/{curriculum.pk}/revisions/{secret.pk}/view/")

    assert response.status_code == 404
    assert "Draft text of the Apply page" not in response.content.decode()
    # Positive control: under its own page's address the revision is shown.
    assert (
        "Draft text of the Apply page"
        in admin.get(f"/admin/pages/{apply_page.pk}/revisions/{secret.pk}/view/").content.decode()
    )


def test_comparing_with_another_pages_revision_is_not_found(pm_client, curriculum, apply_page):
    secret = draft_of(apply_page, "Draft text of the Apply page")

    response = pm_client.get(f"/admin/pages/{curriculum.pk}/revisions/compare/live...{secret.pk}/")

    assert response.status_code == 404
    assert "Draft text of the Apply page" not in response.content.decode()


@pytest.fixture
def review(program_manager, director, apply_page):
    """A deadline change waiting for a director; returns (director's client, task state)."""
    manager = Client()
    manager.force_login(program_manager)
    task_state = submit_new_deadline(manager, apply_page)
    reviewer = Client()
    reviewer.force_login(director)
    return reviewer, task_state


def test_a_director_cannot_take_their_review_revision_to_another_page(review, curriculum):
    reviewer, task_state = review

    response = reviewer.get(f"/admin/pages/{curriculum.pk}/revisions/compare/live...{task_state.revision_id}/")

    assert refused(response)
    assert "2031" not in response.content.decode()


def test_a_director_cannot_compare_their_review_with_another_pages_revision(review, apply_page, curriculum):
    reviewer, task_state = review
    other = draft_of(curriculum, "Draft text of the curriculum")

    response = reviewer.get(f"/admin/pages/{apply_page.pk}/revisions/compare/{other.pk}...{task_state.revision_id}/")

    assert refused(response)
    assert "Draft text of the curriculum" not in response.content.decode()


def test_a_director_cannot_preview_another_page_with_their_task(review, curriculum, apply_page):
    reviewer, task_state = review
    draft_of(curriculum, "Draft text of the curriculum")

    response = reviewer.get(f"/admin/pages/workflow/preview/{curriculum.pk}/{task_state.task_id}/")

    assert refused(response)
    assert "Draft text of the curriculum" not in response.content.decode()
    # Positive control: their own task's preview shows the change to review.
    own = reviewer.get(f"/admin/pages/workflow/preview/{apply_page.pk}/{task_state.task_id}/")
    assert own.status_code == 200
    assert "2031" in own.content.decode()


def test_anonymous_preview_of_a_draft_goes_to_the_login_page(client, curriculum):
    secret = draft_of(curriculum, "Draft text of the curriculum")

    for url in (
        f"/admin/pages/{curriculum.pk}/revisions/{secret.pk}/view/",
        f"/admin/pages/{curriculum.pk}/edit/preview/",
        f"/admin/pages/{curriculum.pk}/revisions/compare/live...{secret.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/?next="), url
        assert "Draft text of the curriculum" not in response.content.decode(), url


STAFF_ADMIN = "/admin/snippets/staff/staffmember/"


def staff_draft(member, title):
    member.title = title
    return member.save_revision()


def test_a_staff_revision_is_not_found_under_another_records_address(admin, staff):
    secret = staff_draft(staff["ricci"], "Draft title of Ricci")
    other = StaffMember.objects.exclude(pk=staff["ricci"].pk).first()

    response = admin.get(f"{STAFF_ADMIN}history/{other.pk}/revisions/{secret.pk}/view/")

    assert response.status_code == 404
    assert "Draft title of Ricci" not in response.content.decode()
    # Positive control: under its own record's address the draft is shown.
    own = admin.get(f"{STAFF_ADMIN}history/{staff['ricci'].pk}/revisions/{secret.pk}/view/")
    assert "Draft title of Ricci" in own.content.decode()


def test_a_page_revision_is_not_found_under_a_staff_records_address(admin, staff, curriculum):
    secret = draft_of(curriculum, "Draft text of the curriculum")

    response = admin.get(f"{STAFF_ADMIN}history/{staff['ricci'].pk}/revisions/{secret.pk}/view/")

    assert response.status_code == 404
    assert "Draft text of the curriculum" not in response.content.decode()


def test_comparing_a_staff_record_with_another_records_revision_is_not_found(admin, staff):
    secret = staff_draft(staff["ricci"], "Draft title of Ricci")
    other = StaffMember.objects.exclude(pk=staff["ricci"].pk).first()
    own = other.save_revision()

    response = admin.get(f"{STAFF_ADMIN}history/{other.pk}/revisions/compare/{own.pk}...{secret.pk}/")

    assert response.status_code == 404
    assert "Draft title of Ricci" not in response.content.decode()


def test_a_program_manager_cannot_open_a_staff_draft(pm_client, staff):
    secret = staff_draft(staff["ricci"], "Draft title of Ricci")

    response = pm_client.get(f"{STAFF_ADMIN}history/{staff['ricci'].pk}/revisions/{secret.pk}/view/")

    assert refused(response)
    assert "Draft title of Ricci" not in response.content.decode()


# Private, draft and expired pages: never in what the public is given.


def public_outputs(client):
    """Everything public that lists or describes pages, as text."""
    answers = {
        "search": client.get("/search/?q=Confidential"),
        "sitemap": client.get("/sitemap.xml"),
        "api": client.get("/api/v2/pages/?slug=confidential-rota"),
        "overview": client.get("/"),
    }
    return {name: response.content.decode() for name, response in answers.items()}


@pytest.fixture
def confidential(home):
    page = home.add_child(
        instance=StandardPage(
            title="Confidential rota",
            slug="confidential-rota",
            listing_summary="Confidential rota summary",
            intro="<p>Confidential rota text</p>",
            show_in_menus=False,
        )
    )
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("restriction_type", [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD])
def test_a_restricted_page_is_in_no_public_output(client, confidential, restriction_type):
    # Positive control: while public, the page is found everywhere.
    before = public_outputs(client)
    assert all("confidential-rota" in text for name, text in before.items() if name != "overview")

    PageViewRestriction.objects.create(page=confidential, restriction_type=restriction_type, password="pw-4-test")

    for name, text in public_outputs(client).items():
        assert "Confidential rota" not in text, name
        assert "confidential-rota" not in text, name
    response = client.get("/confidential-rota/")
    assert "Confidential rota text" not in response.content.decode()


def test_an_expired_page_is_in_no_public_output(client, confidential):
    confidential.expire_at = timezone.now() + timedelta(minutes=1)
    confidential.save_revision().publish()
    assert "confidential-rota" in public_outputs(client)["sitemap"]

    StandardPage.objects.filter(pk=confidential.pk).update(expire_at=timezone.now() - timedelta(seconds=1))
    call_command("publish_scheduled", verbosity=0)

    confidential.refresh_from_db()
    assert confidential.expired and not confidential.live
    for name, text in public_outputs(client).items():
        assert "Confidential rota" not in text, name
        assert "confidential-rota" not in text, name
    assert client.get("/confidential-rota/").status_code == 404


def structured_data(client, path):
    html = client.get(path).content.decode()
    blocks = BeautifulSoup(html, "html.parser").find_all("script", type="application/ld+json")
    return [json.loads(block.string) for block in blocks]


def test_a_draft_deadline_is_in_no_public_output(client, apply_page):
    live_code = apply_page.nrmp_code
    apply_page.nrmp_code = "7777777D0"
    apply_page.application_deadline = timezone.now() + timedelta(days=400)
    apply_page.save_revision()

    for path in ("/", "/apply/", "/key-dates.ics", "/api/v2/pages/?type=pages.ApplicationProcessPage&fields=*"):
        text = client.get(path).content.decode()
        assert "7777777D0" not in text, path
    # Positive control: the live code is what the structured data and the API state.
    assert live_code in json.dumps(structured_data(client, "/"))
    assert live_code in client.get("/api/v2/pages/?type=pages.ApplicationProcessPage&fields=*").content.decode()


def test_a_private_apply_page_puts_its_facts_on_no_public_page(client, apply_page):
    paths = ("/", "/curriculum/", "/faculty-and-staff/")
    # Positive control: the public Apply page's facts are beside every page and in the overview's structured data.
    assert all(facts_panel(client, path) is not None for path in paths)
    assert apply_page.nrmp_code in json.dumps(structured_data(client, "/"))

    PageViewRestriction.objects.create(page=apply_page, restriction_type=PageViewRestriction.LOGIN)

    for path in paths:
        assert facts_panel(client, path) is None, path
        assert apply_page.nrmp_code not in json.dumps(structured_data(client, path)), path
    assert client.get("/key-dates.ics").status_code == 404
    assert client.get("/apply/").status_code == 302


def test_a_private_apply_page_still_shows_its_facts_to_a_signed_in_editor_on_the_page(admin, apply_page):
    PageViewRestriction.objects.create(page=apply_page, restriction_type=PageViewRestriction.LOGIN)

    response = admin.get("/apply/")

    assert response.status_code == 200
    assert apply_page.nrmp_code in response.content.decode()


def test_a_revision_id_of_a_deleted_page_is_not_found(admin, home):
    page = home.add_child(instance=StandardPage(title="Short lived", slug="short-lived"))
    revision = draft_of(page, "Draft text of a deleted page")
    page_pk = page.pk
    page.delete()

    assert not Revision.objects.filter(pk=revision.pk).exists()
    response = admin.get(f"/admin/pages/{page_pk}/revisions/{revision.pk}/view/")
    assert response.status_code == 404
