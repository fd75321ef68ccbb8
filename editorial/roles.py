"""The two editing roles and the director-approval workflow, created idempotently.

Called by the data migration, by the content loader once the home page exists, and by test
fixtures after a flush: running it again only adds what is missing and removes what is extra.
"""

from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

PROGRAM_MANAGERS = "Program managers"
DIRECTORS = "Directors"
WORKFLOW_NAME = "Director approval"

# Model permissions ("app_label.codename"), page permissions on the home page (and so on every
# page under it), and image/document permissions on the root collection.
ROLES = {
    PROGRAM_MANAGERS: {
        "model": [
            "wagtailadmin.access_admin",
            "pages.change_contactsettings",
            "staff.view_staffmember",
        ],
        "page": ["add_page", "change_page", "publish_page"],
        "collection": [
            # Adding lets them edit and delete their own uploads; others' stay as they are.
            "wagtailimages.add_image",
            "wagtailimages.choose_image",
            "wagtaildocs.add_document",
            "wagtaildocs.choose_document",
        ],
    },
    DIRECTORS: {
        "model": [
            "wagtailadmin.access_admin",
            "staff.add_staffmember",
            "staff.change_staffmember",
            "staff.publish_staffmember",
            # Each director may lock a record and lift their own lock; lifting a colleague's lock
            # (unlock_staffmember) is left to superusers, so a lock means something.
            "staff.lock_staffmember",
            "staff.view_staffmember",
        ],
        "page": [],
        "collection": ["wagtailimages.add_image", "wagtailimages.choose_image"],
    },
}


def permission(label):
    """The Permission for "app_label.codename" ("staff.publish_staffmember").

    On a fresh database a data migration runs before Django and Wagtail create content types and
    model permissions (they do so after migrating), so a missing one is created here the same way.
    """
    app_label, codename = label.split(".")
    found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if found:
        return found
    action, model_name = codename.split("_", 1)
    model = django_apps.get_model(app_label, model_name)
    return Permission.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        codename=codename,
        name=f"Can {action} {model._meta.verbose_name_raw}",
    )


def first_page_of_type(model_name):
    """The first page of a pages model, as a plain Page.

    Only wagtailcore's own columns are read, so a data migration can call this before later
    migrations of the pages app have added theirs.
    """
    from wagtail.models import Page

    return Page.objects.filter(content_type__app_label="pages", content_type__model=model_name).first()


def home_page():
    return first_page_of_type("homepage")


@transaction.atomic
def ensure_roles():
    """Create or update the Program managers and Directors groups with exactly their permissions."""
    home = home_page()
    root_collection = Collection.get_first_root_node()
    groups = {}
    for name, rights in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([permission(label) for label in rights["model"]])

        if home is not None:
            wanted = [permission(f"wagtailcore.{codename}") for codename in rights["page"]]
            GroupPagePermission.objects.filter(group=group).exclude(page=home, permission__in=wanted).delete()
            for perm in wanted:
                GroupPagePermission.objects.get_or_create(group=group, page=home, permission=perm)

        if root_collection is not None:
            wanted = [permission(label) for label in rights["collection"]]
            GroupCollectionPermission.objects.filter(group=group).exclude(
                collection=root_collection, permission__in=wanted
            ).delete()
            for perm in wanted:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=perm
                )
        groups[name] = group
    return groups


@transaction.atomic
def ensure_director_approval():
    """The "Director approval" workflow, attached to the Apply page when it exists."""
    directors, _ = Group.objects.get_or_create(name=DIRECTORS)
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
    task.groups.add(directors)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    apply_page = first_page_of_type("applicationprocesspage")
    if apply_page is not None and not WorkflowPage.objects.filter(page=apply_page).exists():
        WorkflowPage.objects.create(page=apply_page, workflow=workflow)
    return workflow


# What Wagtail's first migrations set up for a generic site; this site has its own two roles.
STARTER_GROUPS = ["Editors", "Moderators"]
STARTER_WORKFLOW = "Moderators approval"


@transaction.atomic
def retire_starter_roles():
    """Take away Wagtail's starter workflow and its empty starter groups.

    The starter workflow sits on the root page, so it would offer "Submit to Moderators approval"
    on every page, to a group nobody is in. Starter groups that have members are left alone.
    """
    WorkflowPage.objects.filter(workflow__name=STARTER_WORKFLOW).delete()
    Workflow.objects.filter(name=STARTER_WORKFLOW).update(active=False)
    Group.objects.filter(name__in=STARTER_GROUPS, user__isnull=True).delete()


def ensure_editorial_setup():
    """Roles and workflow together, as every install needs them."""
    ensure_roles()
    ensure_director_approval()
    retire_starter_roles()
