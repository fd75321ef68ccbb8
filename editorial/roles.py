"""The two editing roles and the director-approval workflow, created idempotently.

Set up after every `migrate` (and `flush`), and again when the overview or the Apply page is
created (see apps.py): running it again only adds what is missing and removes what is extra.
Every model is taken from the app registry it is given, so that after a migration it works on the
models as migrated, whatever later code adds to them.
"""

from django.apps import apps as installed_apps
from django.db import transaction

PROGRAM_MANAGERS = "Program managers"
DIRECTORS = "Directors"
WORKFLOW_NAME = "Director approval"

# Adding, editing, publishing, locking and deleting residents and alumni, and graduating the class
# (staff.add_graduation; staff.view_graduation for its history).
PEOPLE_PERMISSIONS = [
    f"staff.{action}_{model}"
    for model in ("resident", "alumnus")
    for action in ("add", "change", "delete", "publish", "lock", "view")
] + ["staff.add_graduation", "staff.view_graduation"]

# Model permissions ("app_label.codename"), page permissions on the home page (and so on every
# page under it), and image/document permissions on the root collection.
ROLES = {
    PROGRAM_MANAGERS: {
        "model": [
            "wagtailadmin.access_admin",
            "pages.change_contactsettings",
            "staff.view_staffmember",
            # Residents and alumni: both roles keep them current and run the yearly graduation.
            *PEOPLE_PERMISSIONS,
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
            # Residents and alumni: both roles keep them current and run the yearly graduation.
            *PEOPLE_PERMISSIONS,
        ],
        "page": [],
        "collection": ["wagtailimages.add_image", "wagtailimages.choose_image"],
    },
}


def permission(apps, label):
    """The Permission for "app_label.codename" ("staff.publish_staffmember").

    Django creates model permissions after migrating, in its own post_migrate step; one missing
    still is created here the same way.
    """
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    app_label, codename = label.split(".")
    found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if found:
        return found
    action, model_name = codename.split("_", 1)
    model = apps.get_model(app_label, model_name)
    return Permission.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        codename=codename,
        name=f"Can {action} {model._meta.verbose_name_raw}",
    )


def first_page_of_type(apps, model_name):
    """The first page of a pages model, as a plain Page (only wagtailcore's own columns are read)."""
    Page = apps.get_model("wagtailcore", "Page")
    return Page.objects.filter(content_type__app_label="pages", content_type__model=model_name).first()


@transaction.atomic
def ensure_roles(apps=installed_apps):
    """Create or update the Program managers and Directors groups with exactly their permissions."""
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    home = first_page_of_type(apps, "homepage")
    root_collection = Collection.objects.filter(depth=1).first()
    groups = {}
    for name, rights in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([permission(apps, label) for label in rights["model"]])

        if home is not None:
            wanted = [permission(apps, f"wagtailcore.{codename}") for codename in rights["page"]]
            GroupPagePermission.objects.filter(group=group).exclude(page=home, permission__in=wanted).delete()
            for perm in wanted:
                GroupPagePermission.objects.get_or_create(group=group, page=home, permission=perm)

        if root_collection is not None:
            wanted = [permission(apps, label) for label in rights["collection"]]
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
def ensure_director_approval(apps=installed_apps):
    """The "Director approval" workflow, attached to the Apply page when it exists."""
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ContentType = apps.get_model("contenttypes", "ContentType")

    directors, _ = Group.objects.get_or_create(name=DIRECTORS)
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=WORKFLOW_NAME, content_type=ContentType.objects.get_for_model(GroupApprovalTask)
        )
    task.groups.add(directors)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    apply_page = first_page_of_type(apps, "applicationprocesspage")
    if apply_page is not None and not WorkflowPage.objects.filter(page=apply_page).exists():
        WorkflowPage.objects.create(page=apply_page, workflow=workflow)
    return workflow


# What Wagtail's first migrations set up for a generic site; this site has its own two roles.
STARTER_GROUPS = ["Editors", "Moderators"]
STARTER_WORKFLOW = "Moderators approval"


@transaction.atomic
def retire_starter_roles(apps=installed_apps):
    """Take away Wagtail's starter workflow and its empty starter groups.

    The starter workflow sits on the root page, so it would offer "Submit to Moderators approval"
    on every page, to a group nobody is in. Starter groups that have members are left alone.
    """
    apps.get_model("wagtailcore", "WorkflowPage").objects.filter(workflow__name=STARTER_WORKFLOW).delete()
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=STARTER_WORKFLOW).update(active=False)
    apps.get_model("auth", "Group").objects.filter(name__in=STARTER_GROUPS, user__isnull=True).delete()


def ensure_editorial_setup(apps=installed_apps):
    """Roles and workflow together, as every install needs them."""
    ensure_roles(apps)
    ensure_director_approval(apps)
    retire_starter_roles(apps)


def may_export_program_facts(user):
    """The program manager and the directors keep the national listing in step with the site."""
    return user.is_active and (user.is_superuser or user.groups.filter(name__in=[PROGRAM_MANAGERS, DIRECTORS]).exists())
