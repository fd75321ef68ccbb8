"""The Program managers and Directors groups: created for every install, idempotent, exact."""

from django.contrib.auth.models import Group

from wagtail.models import GroupCollectionPermission, GroupPagePermission

from editorial.roles import DIRECTORS, PEOPLE_PERMISSIONS, PROGRAM_MANAGERS, ensure_roles
from pages.models import CurriculumPage, StandardPage


def page_permissions(group):
    return set(GroupPagePermission.objects.filter(group=group).values_list("page__slug", "permission__codename"))


def test_roles_exist_with_page_rights_on_the_home_page(roles, home):
    managers = Group.objects.get(name=PROGRAM_MANAGERS)
    assert page_permissions(managers) == {
        (home.slug, "add_page"),
        (home.slug, "change_page"),
        (home.slug, "publish_page"),
    }
    assert page_permissions(Group.objects.get(name=DIRECTORS)) == set()


def test_ensure_roles_twice_changes_nothing(roles):
    before = (
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        sorted(Group.objects.get(name=DIRECTORS).permissions.values_list("codename", flat=True)),
    )
    ensure_roles()
    after = (
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        sorted(Group.objects.get(name=DIRECTORS).permissions.values_list("codename", flat=True)),
    )
    assert before == after


def test_ensure_roles_removes_rights_added_by_hand(roles, home):
    directors = Group.objects.get(name=DIRECTORS)
    GroupPagePermission.objects.create(group=directors, page=home, permission_type="change")
    ensure_roles()
    assert page_permissions(directors) == set()


# Both roles keep the residents and alumni and run the yearly graduation (tests/test_residents.py).
PEOPLE = {codename.split(".")[1] for codename in PEOPLE_PERMISSIONS}


def test_directors_keep_staff_but_cannot_delete_it(roles):
    codenames = set(Group.objects.get(name=DIRECTORS).permissions.values_list("codename", flat=True))
    assert codenames == {
        "access_admin",
        "add_staffmember",
        "change_staffmember",
        "publish_staffmember",
        "lock_staffmember",
        "view_staffmember",
        *PEOPLE,
    }


def test_program_managers_view_staff_and_edit_contact_details(roles):
    codenames = set(Group.objects.get(name=PROGRAM_MANAGERS).permissions.values_list("codename", flat=True))
    assert codenames == {"access_admin", "change_contactsettings", "view_staffmember", *PEOPLE}


def test_director_sees_no_pages_entry_in_the_admin_menu(director_client):
    html = director_client.get("/admin/").content.decode()
    assert 'href="/admin/pages/' not in html
    assert "/admin/snippets/staff/staffmember/" in html


def test_director_is_refused_at_a_page_edit_url(director_client, curriculum):
    response = director_client.get(f"/admin/pages/{curriculum.pk}/edit/", follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert "Sorry, you do not have permission to access this area." in response.content.decode()


def test_migrate_recreates_missing_roles_and_workflow(roles, apply_page):
    from django.core.management import call_command

    from wagtail.models import Workflow, WorkflowPage

    Group.objects.filter(name__in=[PROGRAM_MANAGERS, DIRECTORS]).delete()
    Workflow.objects.filter(name="Director approval").delete()

    call_command("migrate", verbosity=0)

    assert Group.objects.filter(name__in=[PROGRAM_MANAGERS, DIRECTORS]).count() == 2
    assert WorkflowPage.objects.get(page=apply_page).workflow.name == "Director approval"


def test_director_cannot_bulk_publish_or_delete_pages(director_client, curriculum):
    curriculum.listing_summary = "A draft summary."
    curriculum.save_revision()
    director_client.post(f"/admin/bulk/wagtailcore/page/publish/?id={curriculum.pk}")
    director_client.post(f"/admin/bulk/wagtailcore/page/delete/?id={curriculum.pk}")
    curriculum.refresh_from_db()
    assert curriculum.live
    assert curriculum.listing_summary != "A draft summary."


def test_program_manager_cannot_delete_a_section_page_but_can_delete_pages_they_add(pm_client, home, curriculum):
    assert pm_client.post(f"/admin/pages/{curriculum.pk}/delete/").status_code in (302, 403)
    assert CurriculumPage.objects.filter(pk=curriculum.pk).exists()

    extra = home.add_child(instance=StandardPage(title="Life in Boston", slug="life-in-boston"))
    pm_client.post(f"/admin/pages/{extra.pk}/delete/")
    assert not StandardPage.objects.filter(pk=extra.pk).exists()


def test_wagtail_starter_workflow_and_empty_groups_are_retired(curriculum, apply_page):
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert curriculum.get_workflow() is None
    assert apply_page.get_workflow().name == "Director approval"
